import express, { Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const WEB_DIST = join(__dirname, '..', '..', '..', 'web', 'dist');

/**
 * The portal's built pages under /p/: hashed assets cached for a year,
 * index.html (never cached) for every other portal path, so the client-side
 * router takes over.
 */
export function portalStaticRoutes(dist = WEB_DIST): Router {
  const router = Router();
  const index = join(dist, 'index.html');
  router.use(
    '/p/assets',
    express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  router.get(/^\/p(\/.*)?$/, (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text').send('The portal is not built yet: run npm run build.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
