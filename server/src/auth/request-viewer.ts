import type { Request, Response } from 'express';
import type { AppContext } from '../app-context';
import { cookieValue, MEMBER_SESSION_COOKIE, SESSION_COOKIE, setSessionCookie } from './session-cookie';
import type { Viewer } from './viewer';

/**
 * Which app a browser request comes from: the portal sends
 * `x-portal-viewer: contact`, so a browser that holds a member's console
 * session too is still the contact there. Without it, a member's cookie
 * counts before a contact's.
 */
export const VIEWER_HEADER = 'x-portal-viewer';
/** The token of a member's portal preview (portal-preview.service.ts), which the portal sends back. */
export const PREVIEW_HEADER = 'x-portal-preview';

/** The headers a viewer is told by (an HTTP request's, or what a WebSocket brought in its upgrade and connectionParams). */
export type CredentialHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Who sends an HTTP request: a member's bearer token; else a member's
 * console session or a contact's portal session, each its own cookie (renewed
 * on the response when it slides), never standing for the other; null for
 * anonymous callers and dead credentials. Shared by /graphql and the plain
 * HTTP routes.
 */
export async function viewerFromRequest(
  app: AppContext,
  req: Request,
  res: Response,
): Promise<Viewer | null> {
  const secure = app.config.PUBLIC_URL.startsWith('https:');
  return viewerFromCredentials(app, req.headers, (token, cookie) =>
    setSessionCookie(res, token, secure, cookie),
  );
}

/**
 * The rule of viewerFromRequest on headers alone: the live sockets ask it
 * when they open and again while they run. `renewed` hears of a session
 * whose expiry slid (an HTTP answer sets its cookie again; a socket cannot).
 */
export async function viewerFromCredentials(
  app: AppContext,
  headers: CredentialHeaders,
  renewed: (token: string, cookie: string) => void = () => undefined,
): Promise<Viewer | null> {
  const authorization = headers.authorization;
  const bearer = /^Bearer\s+(\S+)$/i.exec(typeof authorization === 'string' ? authorization : '')?.[1];
  if (bearer) return app.services.apiTokens.authenticate(bearer);
  // A member's preview of the portal: that contact, read-only; no cookie counts beside it.
  const preview = headers[PREVIEW_HEADER];
  if (typeof preview === 'string' && preview) return app.services.portalPreviews.authenticate(preview);
  const wanted = headers[VIEWER_HEADER];
  const cookies = typeof headers.cookie === 'string' ? headers.cookie : undefined;
  const memberToken = wanted === 'contact' ? null : cookieValue(cookies, MEMBER_SESSION_COOKIE);
  if (memberToken) {
    const session = await app.services.memberSessions.authenticate(memberToken);
    if (session?.renewed) renewed(memberToken, MEMBER_SESSION_COOKIE);
    if (session || wanted === 'member') return session?.viewer ?? null;
  }
  const contactToken = wanted === 'member' ? null : cookieValue(cookies, SESSION_COOKIE);
  if (!contactToken) return null;
  const session = await app.services.contactSessions.authenticate(contactToken);
  if (session?.renewed) renewed(contactToken, SESSION_COOKIE);
  return session?.viewer ?? null;
}
