import express, { type Express } from 'express';
import type { AppContext } from '../app-context';
import { createGraphQLHandler } from '../graphql/graphql.server';
import { devMailboxRoutes } from '../modules/emails/dev-mailbox.routes';
import { brandingImageRoutes } from '../modules/files/branding-image.routes';
import { invoicePdfRoutes } from '../modules/invoices/invoice-pdf.routes';
import { stripeWebhookRoutes } from '../modules/payments/stripe-webhook.routes';
import { healthRoutes } from './health.routes';
import { playgroundRoutes } from './playground.routes';
import { portalStaticRoutes } from './portal-static.routes';

export async function createHttpApp(context: AppContext): Promise<{ app: Express; stop(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(healthRoutes(context));
  // Stripe's events: the raw body for the signature, so before any JSON parser.
  app.use(stripeWebhookRoutes(context));
  app.use(invoicePdfRoutes(context));
  app.use(playgroundRoutes());
  const graphql = await createGraphQLHandler(context);
  app.use('/graphql', express.json({ limit: '1mb' }), graphql.handler);
  // Where emails land without SENDGRID_API_KEY; never served in production.
  if (context.config.NODE_ENV !== 'production') app.use(devMailboxRoutes(context.pool));
  app.use(brandingImageRoutes(context.services.files));
  app.use(portalStaticRoutes());
  app.get('/', (_req, res) => {
    res.redirect('/p/');
  });
  return { app, stop: graphql.stop };
}
