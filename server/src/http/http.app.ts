import express, { type Express } from 'express';
import type { AppContext } from '../app-context';
import { createGraphQLHandler } from '../graphql/graphql.server';
import { devMailboxRoutes } from '../modules/emails/dev-mailbox.routes';
import { brandingImageRoutes } from '../modules/files/branding-image.routes';
import { invoicePdfRoutes } from '../modules/invoices/invoice-pdf.routes';
import { stripeWebhookRoutes } from '../modules/payments/stripe-webhook.routes';
import { statementPdfRoutes } from '../modules/statements/statement-pdf.routes';
import { adminQueuesRoutes } from '../ops/admin-queues.routes';
import { Metrics } from '../ops/metrics';
import { metricsRoutes } from '../ops/metrics.routes';
import { OpsQueues } from '../ops/ops-queues';
import { operatorOnly } from '../ops/operator-only';
import { requestLogging } from '../ops/request-id';
import { healthRoutes } from './health.routes';
import { playgroundRoutes } from './playground.routes';
import { consoleStaticRoutes, portalStaticRoutes } from './portal-static.routes';

export async function createHttpApp(context: AppContext): Promise<{ app: Express; stop(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // First: the request id (and its log line), then the latency histogram, around everything else.
  app.use(requestLogging(context.logger));
  // Every answer (files, the invoice PDF, the dev mailbox, JSON, errors) is only ever the type it says it is.
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  const queues = new OpsQueues(context);
  const metrics = new Metrics(context, queues);
  app.use(metrics.httpMiddleware());
  const graphql = await createGraphQLHandler(context, [metrics.apolloPlugin()]);
  const graphqlHandlers = [express.json({ limit: '1mb' }), graphql.handler];
  // A POST to /graphql, nearly every request the API gets, first: no route below answers one, and
  // each router it passed cost a match. Other methods (GET queries, the playground) further down.
  app.post('/graphql', ...graphqlHandlers);
  app.use(metricsRoutes(metrics, context.config.OPS_TOKEN));
  app.use(healthRoutes(context));
  // Stripe's events: the raw body for the signature, so before any JSON parser.
  app.use(stripeWebhookRoutes(context));
  app.use(invoicePdfRoutes(context));
  app.use(statementPdfRoutes(context));
  app.use(playgroundRoutes());
  // The queues dashboard, for the operator only.
  app.use(adminQueuesRoutes(queues, context.config.OPS_TOKEN));
  app.use('/graphql', ...graphqlHandlers);
  // Where emails land without SENDGRID_API_KEY; never served in production, and only to the operator
  // (its sign-in links open anyone's portal).
  if (context.config.NODE_ENV !== 'production')
    app.use('/dev', operatorOnly(context.config.OPS_TOKEN), devMailboxRoutes(context.pool));
  app.use(brandingImageRoutes(context.services.files));
  app.use(portalStaticRoutes(() => context.storage.browserOrigin));
  app.use(consoleStaticRoutes(() => context.storage.browserOrigin));
  app.get('/', (_req, res) => {
    res.redirect('/p/');
  });
  return {
    app,
    stop: async () => {
      await graphql.stop();
      await queues.close();
    },
  };
}
