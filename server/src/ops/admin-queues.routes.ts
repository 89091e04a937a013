import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Router, type RequestHandler } from 'express';
import type { AppContext } from '../app-context';
import { viewerFromRequest } from '../auth/request-viewer';
import type { Viewer } from '../auth/viewer';
import type { OpsQueues } from './ops-queues';

export const ADMIN_BASE_PATH = '/admin/queues';
export const ADMIN_COOKIE = 'portal_admin';
const ADMIN_COOKIE_HOURS = 8;

function adminTokenFrom(cookieHeader: string | undefined): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === ADMIN_COOKIE) return decodeURIComponent(value.join('='));
  }
  return null;
}

/**
 * Bull Board at /admin/queues, for members only. A member's API token comes as
 * `Authorization: Bearer`, or once as `?token=` (a browser cannot send the
 * header): then it goes into an HttpOnly, SameSite=Strict cookie scoped to
 * /admin and the browser is sent back to the same page without it in the URL.
 * Anyone else: 401 (no credentials, or dead ones) or 403 (a contact).
 */
export function adminQueuesRoutes(context: AppContext, queues: OpsQueues): Router {
  const secure = context.config.PUBLIC_URL.startsWith('https:');
  let board: RequestHandler | null = null;
  const boardRouter = (): RequestHandler => {
    if (!board) {
      const serverAdapter = new ExpressAdapter().setBasePath(ADMIN_BASE_PATH);
      createBullBoard({
        queues: queues.queues.map((queue) => new BullMQAdapter(queue)),
        // @bull-board/express 9.10.1 brings its own copy of @bull-board/api 9.10.1; the same interface.
        serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
      });
      board = serverAdapter.getRouter() as RequestHandler;
    }
    return board;
  };

  const membersOnly: RequestHandler = async (req, res, next) => {
    try {
      const queryToken = typeof req.query.token === 'string' ? req.query.token : null;
      const cookieToken = adminTokenFrom(req.headers.cookie);
      let viewer: Viewer | null;
      if (req.headers.authorization) viewer = await viewerFromRequest(context, req, res);
      else if (queryToken) viewer = await context.services.apiTokens.authenticate(queryToken);
      else if (cookieToken) viewer = await context.services.apiTokens.authenticate(cookieToken);
      else viewer = await viewerFromRequest(context, req, res);
      res.setHeader('cache-control', 'no-store');
      if (!viewer) {
        if (cookieToken) res.clearCookie(ADMIN_COOKIE, { path: '/admin' });
        res.status(401).type('text/plain').send('Sign in with a member API token: /admin/queues?token=…');
        return;
      }
      if (viewer.kind !== 'MEMBER') {
        res.status(403).type('text/plain').send('For members only');
        return;
      }
      if (queryToken && !req.headers.authorization) {
        res.cookie(ADMIN_COOKIE, queryToken, {
          httpOnly: true,
          sameSite: 'strict',
          secure,
          path: '/admin',
          maxAge: ADMIN_COOKIE_HOURS * 3600 * 1000,
        });
        const url = new URL(req.originalUrl, 'http://localhost');
        url.searchParams.delete('token');
        res.redirect(303, url.pathname + url.search);
        return;
      }
      next();
    } catch (error) {
      next(error);
    }
  };

  const router = Router();
  router.use(ADMIN_BASE_PATH, membersOnly, (req, res, next) => boardRouter()(req, res, next));
  return router;
}
