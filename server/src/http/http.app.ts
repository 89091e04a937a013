import type { RequestListener } from 'node:http';
import express, { type Express, type RequestHandler } from 'express';
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
import { frontOf, graphqlPostListener, takeListenerFailure } from './graphql-post.listener';
import { healthRoutes } from './health.routes';
import { playgroundRoutes } from './playground.routes';
import { consoleStaticRoutes, portalStaticRoutes } from './portal-static.routes';

/** Every answer (files, the invoice PDF, the dev mailbox, JSON, errors) is only ever the type it says it is. */
const noSniff: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
};

/** The limit of a JSON body, in bytes (express.json()'s '1mb'). */
const JSON_LIMIT_BYTES = 1024 * 1024;

export async function createHttpApp(context: AppContext): Promise<{
  app: Express;
  /** The HTTP server's request listener: POST /graphql, then the app (graphql-post.listener.ts). */
  listener: RequestListener;
  stop(): Promise<void>;
}> {
  const app = express();
  app.disable('x-powered-by');
  // express's own error pages (a refused body, say) show a stack only in development, by the config's mode.
  app.set('env', context.config.NODE_ENV);
  app.set('trust proxy', 'loopback');
  // No answer here is asked for again with If-None-Match: an ETag was a hash of every body for nothing.
  app.set('etag', false);
  const queues = new OpsQueues(context);
  const metrics = new Metrics(context, queues);
  // First: the request id (and its log line), nosniff, then the latency histogram, around everything else.
  const front = frontOf([requestLogging(context.logger), noSniff, metrics.httpMiddleware()]);
  app.use(front);
  const graphql = await createGraphQLHandler(context, [metrics.apolloPlugin()]);
  const graphqlHandlers = [takeListenerFailure, express.json({ limit: JSON_LIMIT_BYTES }), graphql.handler];
  // A POST to /graphql that the listener did not take (see graphql-post.listener.ts) first: no route
  // below answers one. Other methods (GET queries, the playground) further down.
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
    listener: graphqlPostListener(app, { front, graphql: graphql.handler, limitBytes: JSON_LIMIT_BYTES }),
    stop: async () => {
      await graphql.stop();
      await queues.close();
    },
  };
}
