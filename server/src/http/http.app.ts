import express, { type Express } from 'express';
import type { AppContext } from '../app-context';
import { healthRoutes } from './health.routes';
import { portalStaticRoutes } from './portal-static.routes';

export function createHttpApp(context: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(healthRoutes(context));
  app.use(portalStaticRoutes());
  app.get('/', (_req, res) => {
    res.redirect('/p/');
  });
  return app;
}
