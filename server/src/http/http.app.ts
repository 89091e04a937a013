import express, { type Express } from 'express';
import type { AppContext } from '../app-context';
import { createGraphQLHandler } from '../graphql/graphql.server';
import { devMailboxRoutes } from '../modules/emails/dev-mailbox.routes';
import { healthRoutes } from './health.routes';
import { playgroundRoutes } from './playground.routes';
import { portalStaticRoutes } from './portal-static.routes';

export async function createHttpApp(context: AppContext): Promise<{ app: Express; stop(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(healthRoutes(context));
  app.use(playgroundRoutes());
  const graphql = await createGraphQLHandler(context);
  app.use('/graphql', express.json({ limit: '1mb' }), graphql.handler);
  // Where emails land without SENDGRID_API_KEY; never served in production.
  if (context.config.NODE_ENV !== 'production') app.use(devMailboxRoutes(context.pool));
  app.use(portalStaticRoutes());
  app.get('/', (_req, res) => {
    res.redirect('/p/');
  });
  return { app, stop: graphql.stop };
}
