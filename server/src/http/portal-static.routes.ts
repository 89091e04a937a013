import express, { Router, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../paths';

export const WEB_DIST = join(PROJECT_ROOT, 'web', 'dist');
/** The members' console, built beside the portal (web/console). */
export const CONSOLE_DIST = join(PROJECT_ROOT, 'web', 'console', 'dist');

/**
 * What the portal's pages may load: their own scripts, styles and fonts only;
 * images and uploads also from the file store's origin (logos and
 * backgrounds redirect there; uploads POST there). Nothing else, ever.
 */
export function portalContentSecurityPolicy(fileOrigin: string | null): string {
  const files = fileOrigin ? ` ${fileOrigin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "font-src 'self'",
    `img-src 'self' data: blob:${files}`,
    `connect-src 'self'${files}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function securityHeaders(res: Response, fileOrigin: string | null): void {
  res.setHeader('Content-Security-Policy', portalContentSecurityPolicy(fileOrigin));
  // A sign-in link's token is in the address: never send it on to another site.
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/**
 * A SolidJS app's built pages under its base (/p/ the portal, /app/ the
 * console): hashed assets cached for a year, index.html (never cached) for
 * every other path under the base, so the client-side router takes over.
 * `fileOrigin` names the file store browsers reach.
 */
export function appStaticRoutes(
  base: '/p' | '/app',
  dist: string,
  fileOrigin: () => string | null = () => null,
): Router {
  const router = Router();
  const index = join(dist, 'index.html');
  router.use(
    `${base}/assets`,
    express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  router.get(new RegExp(`^${base}(/.*)?$`), (_req, res) => {
    if (!existsSync(index)) {
      res.status(503).type('text').send('These pages are not built yet: run npm run build.');
      return;
    }
    securityHeaders(res, fileOrigin());
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}

/** The portal's pages under /p/. */
export const portalStaticRoutes = (fileOrigin: () => string | null = () => null, dist = WEB_DIST) =>
  appStaticRoutes('/p', dist, fileOrigin);

/** The members' console under /app/. */
export const consoleStaticRoutes = (fileOrigin: () => string | null = () => null, dist = CONSOLE_DIST) =>
  appStaticRoutes('/app', dist, fileOrigin);
