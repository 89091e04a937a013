import type { Viewer } from '../../auth/viewer';
import { DomainError } from '../../projections/domain.errors';

/** A message of the bus for subscribers: the keys it is for (such as `project:ID`), and what each topic adds. */
export interface LivePayload {
  keys: readonly string[];
}

/** What a subscription sees of the socket it runs on (live.server.ts). */
export interface LiveSocket {
  readonly viewer: Viewer;
  /** Whether the viewer's access still holds, checked again when the last check is older than LIVE_RECHECK_MS; false closes the socket. */
  stillValid(): Promise<boolean>;
  /** Whether the socket can take one more message now; false closes it (1013) as a slow consumer. */
  hasRoom(): boolean;
  /** Hears the payloads of a topic for one of the keys; the function returned stops it. */
  listen(topic: string, keys: readonly string[], listener: (payload: LivePayload) => void): () => void;
  /** Closes the socket (1013, the client took too long) when a subscription cannot keep up. */
  tooSlow(): void;
}

/** How many resolved messages one subscription may hold for its socket before the socket counts as too slow. */
const QUEUE_BOUND = 100;

/**
 * The async iterator of one subscription over the bus: each payload of the
 * topic for one of the keys is checked against the viewer at the moment it
 * is sent (the socket's session, then `resolve`, which reads what the viewer
 * may see of it, null for nothing), in the order heard. Nothing is buffered
 * without bound: a socket that cannot keep up is closed.
 *
 * For a new kind of live update: a LivePublisher in modules/index.ts's
 * livePublishers that puts `keys` on its payloads (or, for what is no event,
 * a publish by its writer after the commit, as notification.processor.ts
 * does), and a @Subscription whose subscribe checks the arguments and returns
 * liveSubscription(ctx.live, topic, keys, resolve): timelineEntryAdded,
 * messagePosted and notificationAdded are built so.
 */
export function liveSubscription<T>(
  socket: LiveSocket | undefined,
  topic: string,
  keys: readonly string[],
  resolve: (payload: LivePayload, viewer: Viewer) => Promise<T | null>,
): AsyncIterableIterator<T> {
  if (!socket)
    throw new DomainError(
      'BAD_USER_INPUT',
      'subscriptions are served over WebSocket at /graphql (graphql-transport-ws)',
    );
  const ready: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let done = false;
  let chain = Promise.resolve();
  const finish = (): IteratorResult<T> => {
    done = true;
    stop();
    ready.length = 0;
    waiting?.({ value: undefined, done: true });
    waiting = null;
    return { value: undefined, done: true };
  };
  const deliver = async (payload: LivePayload) => {
    if (done || !(await socket.stillValid())) return;
    const value = await resolve(payload, socket.viewer);
    if (value === null || done) return;
    if (!socket.hasRoom()) return;
    if (waiting) {
      const wake = waiting;
      waiting = null;
      wake({ value, done: false });
    } else if (ready.push(value) > QUEUE_BOUND) socket.tooSlow();
  };
  const stop = socket.listen(topic, keys, (payload) => {
    // One after another, so entries leave in the order the bus brought them.
    chain = chain.then(() => deliver(payload)).catch(() => undefined);
  });
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      if (ready.length) return Promise.resolve({ value: ready.shift()!, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return() {
      return Promise.resolve(finish());
    },
    throw(error) {
      finish();
      return Promise.reject(error);
    },
  };
}
