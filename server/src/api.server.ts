import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppContext } from './app-context';
import { createHttpApp } from './http/http.app';

export interface RunningApi {
  server: Server;
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the HTTP API on the configured port, once its S3 answers (the
 * embedded server started, the bucket made if missing); stop() stops taking
 * requests and lets running ones finish.
 */
export async function startApi(context: AppContext, port = context.config.PORT): Promise<RunningApi> {
  await context.storage.start();
  const http = await createHttpApp(context);
  const server = createServer(http.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://localhost:${address.port}`,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await http.stop();
    },
  };
}
