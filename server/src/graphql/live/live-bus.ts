import type Redis from 'ioredis';
import type { Logger } from 'pino';

export type LiveHandler = (payload: unknown) => void;

/**
 * The live bus: Redis pub/sub between the process that follows the log (the
 * live publisher) and every API process, which delivers to its own sockets.
 * Channels are `REDIS_PREFIX:live:TOPIC`, so installs sharing a Redis never
 * hear each other. Fire and forget: a process not subscribed at the moment
 * hears nothing, which is why the web apps re-query after a dropped socket.
 *
 * Publishing uses the process's shared connection; subscribing takes a
 * connection of its own (Redis allows nothing else on it), made on first
 * subscribe; ioredis reconnects it and subscribes again after Redis restarts.
 */
export class LiveBus {
  private subscriber: Redis | null = null;
  private readonly handlers = new Map<string, Set<LiveHandler>>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  channel(topic: string): string {
    return `${this.prefix}:live:${topic}`;
  }

  async publish(topic: string, payload: unknown): Promise<void> {
    await this.redis.publish(this.channel(topic), JSON.stringify(payload));
  }

  /** Calls handler with each payload of the topic this process hears; the function returned stops it. */
  subscribe(topic: string, handler: LiveHandler): Promise<() => void> {
    const subscriber = this.connection();
    let set = this.handlers.get(topic);
    if (!set) {
      set = new Set();
      this.handlers.set(topic, set);
      // Not awaited: with Redis away the SUBSCRIBE waits in ioredis's queue until it is back
      // (and is sent again after every reconnect), and the API starts and serves meanwhile.
      subscriber
        .subscribe(this.channel(topic))
        .catch((error: Error) =>
          this.logger.warn({ err: error.message, topic }, 'live bus: subscribe failed'),
        );
    }
    set.add(handler);
    return Promise.resolve(() => {
      set.delete(handler);
    });
  }

  /** Whether the subscribing connection is up (false before the first subscribe and while Redis is away). */
  get listening(): boolean {
    return this.subscriber?.status === 'ready';
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    this.handlers.clear();
    if (!subscriber) return;
    // QUIT waits for Redis; with Redis away (or slow to answer) just drop the connection.
    if (subscriber.status !== 'ready') return subscriber.disconnect();
    const quit = subscriber.quit().catch(() => undefined);
    const late = new Promise((resolve) => setTimeout(resolve, 1000).unref());
    await Promise.race([quit, late]);
    subscriber.disconnect();
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    // No offline queue limit matters here: a subscriber sends only (re)subscriptions.
    const subscriber = this.redis.duplicate({ lazyConnect: false, maxRetriesPerRequest: null });
    subscriber.on('error', (error) => this.logger.warn({ err: error.message }, 'live bus: redis error'));
    subscriber.on('message', (channel: string, message: string) => {
      const topic = channel.slice(this.prefix.length + ':live:'.length);
      let payload: unknown;
      try {
        payload = JSON.parse(message);
      } catch {
        return;
      }
      for (const handler of this.handlers.get(topic) ?? []) {
        try {
          handler(payload);
        } catch (error) {
          this.logger.error({ err: error, topic }, 'live bus: handler failed');
        }
      }
    });
    this.subscriber = subscriber;
    return subscriber;
  }
}
