import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startApi, type RunningApi } from '../api.server';
import { createAppContext, type AppContext } from '../app-context';
import { createLivePublisher } from '../graphql/live/live-publisher.processor';
import { livePublishers } from '../modules';
import { ProcessorRunner } from '../projections/async-processor';
import type { TestApi } from './api.harness';

export interface LiveCaller {
  /** A member's API token (connectionParams.authorization). */
  token?: string;
  /** A session cookie ("portal_session=…"), sent on the upgrade as a browser would. */
  cookie?: string;
  /** The Origin header of the upgrade (a browser always sends one). */
  origin?: string;
  viewer?: 'member' | 'contact';
}

export interface LiveSubscription<T> {
  items: T[];
  errors: { message: string; extensions?: { code?: string } }[];
  ended: boolean;
  stop(): void;
}

/** A graphql-ws client in Node against an API, as whoever `as` says; `closes` records how the server closed it. */
export function liveClient(url: string, as: LiveCaller, lazy = true) {
  const closes: { code: number; reason: string }[] = [];
  const headers: Record<string, string> = {};
  if (as.cookie) headers.cookie = as.cookie;
  if (as.origin) headers.origin = as.origin;
  class HeaderSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  const client: Client = createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: HeaderSocket,
    lazy,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    connectionParams: {
      ...(as.token ? { authorization: `Bearer ${as.token}` } : {}),
      ...(as.viewer ? { viewer: as.viewer } : {}),
    },
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closes.push({ code, reason: String(reason) });
      },
    },
  });
  function subscribe<T>(query: string, variables: Record<string, unknown>): LiveSubscription<T> {
    const subscription: LiveSubscription<T> = { items: [], errors: [], ended: false, stop: () => undefined };
    subscription.stop = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.data) subscription.items.push(result.data as T);
          if (result.errors) subscription.errors.push(...(result.errors as LiveSubscription<T>['errors']));
        },
        error: (error) => {
          subscription.ended = true;
          if (Array.isArray(error)) subscription.errors.push(...error);
        },
        complete: () => {
          subscription.ended = true;
        },
      },
    );
    return subscription;
  }
  return { client, closes, subscribe, dispose: () => client.dispose() };
}

/** The live publisher of the worker, alone, quick to notice new events (the test APIs run no worker). */
export function startLivePublisher(context: AppContext): ProcessorRunner {
  const runner = new ProcessorRunner(
    context.pool,
    context.store,
    createLivePublisher(livePublishers, () => context.live),
    { idleMs: 20, standbyMs: 100 },
  );
  runner.start();
  return runner;
}

/** A second API process on the same database and Redis prefix as `api` (another app context, another port). */
export async function startSecondApi(
  api: TestApi,
  env: Partial<AppContext['config']> = {},
): Promise<{ context: AppContext; running: RunningApi; stop(): Promise<void> }> {
  const context = createAppContext({ ...api.context.config, ...env }, undefined, undefined, {
    embeddedS3Directory: mkdtempSync(join(tmpdir(), 'portal-test-s3-')),
  });
  const running = await startApi(context, 0);
  return {
    context,
    running,
    async stop() {
      await running.stop();
      await context.close();
    },
  };
}
