import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppContext } from './app-context';
import { createHttpApp } from './http/http.app';
import { LiveServer } from './graphql/live/live.server';

export interface RunningApi {
  server: Server;
  url: string;
  /** GraphQL subscriptions over WebSocket at /graphql. */
  live: LiveServer;
  stop(): Promise<void>;
}

/**
 * Starts the HTTP API on the configured port, once its S3 answers (the
 * embedded server started, the bucket made if missing); stop() stops taking
 * requests and lets running ones finish.
 */
export async function startApi(context: AppContext, port = context.config.PORT): Promise<RunningApi> {
  await context.storage.start();
  // The credentials checked lately are kept while this LISTENs to the tables that decide them.
  const credentials = context.services.credentials.follow(context.pool, context.logger);
  const http = await createHttpApp(context);
  const server = createServer(http.listener);
  const live = new LiveServer(context, context.live);
  await live.start(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://localhost:${address.port}`,
    live,
    stop: async () => {
      await live.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await http.stop();
      await credentials.stop();
    },
  };
}
