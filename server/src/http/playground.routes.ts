import express, { Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../paths';

const PLAYGROUND_DIST = join(PROJECT_ROOT, 'playground', 'dist');

/** GraphiQL at GET /graphql for browsers (Accept: text/html); other requests fall through to the GraphQL handler. */
export function playgroundRoutes(): Router {
  const router = Router();
  const index = join(PLAYGROUND_DIST, 'index.html');
  router.use(
    '/graphql/playground/assets',
    express.static(join(PLAYGROUND_DIST, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  router.get('/graphql', (req, res, next) => {
    if (!req.get('accept')?.includes('text/html')) return next();
    res.vary('Accept');
    if (!existsSync(index)) {
      res.status(503).type('text').send('The playground is not built yet: run npm run build.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
