import { subscriptionExchange, type Client as UrqlClient } from '@urql/core';
import { createClient, type Client } from 'graphql-ws';
import { onCleanup } from 'solid-js';
import { previewToken } from './preview';

/** Closes after which trying again is pointless: signed out, access ended (the page's next query says so). */
const FINAL_CLOSES = [4401, 4403];

const sockets = new Map<string, { client: Client; reconnected: Set<() => void> }>();

/**
 * The app's one WebSocket to /graphql (graphql-transport-ws), on the page's
 * own origin (ws: or wss: as the page), opened on the first subscription and
 * closed when the last ends, tried again with backoff after a drop.
 * `reconnected` hears each reconnection: what came in meanwhile was missed.
 */
function liveSocket(viewer: 'contact' | 'member') {
  let socket = sockets.get(viewer);
  if (socket) return socket;
  const reconnected = new Set<() => void>();
  const client = createClient({
    url: () => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`,
    lazy: true,
    // Moving between pages ends one page's subscriptions just before the next page's begin: keep the socket meanwhile.
    lazyCloseTimeout: 3_000,
    connectionParams: () => {
      const preview = viewer === 'contact' ? previewToken() : null;
      return { viewer, ...(preview ? { preview } : {}) };
    },
    retryAttempts: Infinity,
    shouldRetry: (event) => !FINAL_CLOSES.includes((event as { code?: number })?.code ?? 0),
    // 1 s, 2 s, 4 s … up to 30 s, with a random part so that a restart is not met by every browser at once.
    retryWait: (retries) =>
      new Promise((resolve) =>
        setTimeout(resolve, Math.min(30_000, 1000 * 2 ** retries) + Math.random() * 1000),
      ),
    on: {
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry) for (const listener of reconnected) listener();
      },
    },
  });
  socket = { client, reconnected };
  sockets.set(viewer, socket);
  return socket;
}

/** urql's exchange for subscriptions over the app's socket. */
export function liveExchange(viewer: 'contact' | 'member') {
  return subscriptionExchange({
    forwardSubscription(request) {
      const input = { ...request, query: request.query ?? '' };
      return {
        subscribe(sink) {
          const unsubscribe = liveSocket(viewer).client.subscribe(input, sink);
          return { unsubscribe };
        },
      };
    },
  });
}

/**
 * Runs `onEvent` for each result of a subscription while the component
 * lives, and `onReconnect` after the socket came back from a drop (to
 * re-query what was missed).
 */
export function followLive<Data, Vars extends Record<string, unknown>>(
  client: UrqlClient,
  viewer: 'contact' | 'member',
  query: Parameters<UrqlClient['subscription']>[0],
  variables: Vars,
  onEvent: (data: Data) => void,
  onReconnect: () => void,
): void {
  const subscription = client
    .subscription(query, variables)
    .subscribe((result) => result.data && onEvent(result.data as Data));
  const socket = liveSocket(viewer);
  socket.reconnected.add(onReconnect);
  onCleanup(() => {
    subscription.unsubscribe();
    socket.reconnected.delete(onReconnect);
  });
}
