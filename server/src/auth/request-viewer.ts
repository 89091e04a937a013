import type { Request, Response } from 'express';
import type { AppContext } from '../app-context';
import { sessionTokenFrom, setSessionCookie } from './session-cookie';
import type { Viewer } from './viewer';

/**
 * Who sends an HTTP request: a member's bearer token, or else a contact's
 * session cookie (renewed on the response when it slides); null for anonymous
 * callers and dead credentials. Shared by /graphql and the plain HTTP routes.
 */
export async function viewerFromRequest(
  app: AppContext,
  req: Request,
  res: Response,
): Promise<Viewer | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer) return app.services.apiTokens.authenticate(bearer);
  const sessionToken = sessionTokenFrom(req.headers.cookie);
  if (!sessionToken) return null;
  const session = await app.services.contactSessions.authenticate(sessionToken);
  if (session?.renewed) setSessionCookie(res, sessionToken, app.config.PUBLIC_URL.startsWith('https:'));
  return session?.viewer ?? null;
}
