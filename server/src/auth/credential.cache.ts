import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';

/** The channel the credential tables notify on (migrations/1765180800000-credential-changes.ts). */
export const CREDENTIALS_CHANNEL = 'portal_credentials';

export interface CredentialCacheOptions {
  /** How long a checked credential is answered from memory at most. */
  ttlMs?: number;
  /** How many credentials are kept at most (the oldest go first). */
  maxEntries?: number;
}

/** A session as kept: who it stands for, and when it was last slid and ends. */
export interface KeptSession<Viewer> {
  viewer: Viewer;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** A session's expiry slides forward at most this often (not on every request); one seen longer ago is read and slid again. */
export const RENEW_EVERY_MS = 60 * 60 * 1000;

/** A kept session still answers while it has not ended by the clock and need not slide yet. */
export const stillLive = (session: KeptSession<unknown>, now: Date) =>
  session.expiresAt.getTime() > now.getTime() &&
  now.getTime() - session.lastSeenAt.getTime() <= RENEW_EVERY_MS;

interface Entry {
  value: unknown;
  /** When this process stops answering it from memory. */
  until: number;
}

/**
 * The credentials this process checked lately (a contact's or member's
 * session, an API token), by the hash of their token, so that a request
 * does not ask PostgreSQL who it is each time. Kept a few seconds at most,
 * and only while `follow` holds a connection that LISTENs to the tables that
 * decide them: any change to those tables, from any process, empties it
 * when its transaction commits; so does a mutation answered by this process
 * (graphql.server.ts), before its client can send the next request. Without
 * that connection (PostgreSQL away, the worker, the CLI) nothing is kept.
 * Only live credentials are kept: a refused one is asked again every time.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private listening = false;
  hits = 0;
  misses = 0;

  constructor(
    private readonly clock: () => Date,
    options: CredentialCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** What was kept under `key`, while it is fresh and `valid` says it still holds at the clock's now. */
  get<T>(key: string, valid: (value: T, now: Date) => boolean): T | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(key);
    const now = this.clock();
    if (!entry || entry.until <= now.getTime() || !valid(entry.value as T, now)) {
      if (entry) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    this.hits++;
    return entry.value as T;
  }

  set(key: string, value: unknown): void {
    if (!this.listening) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: this.clock().getTime() + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Holds a connection of `pool` that LISTENs on the credentials' channel,
   * and keeps this cache only while it does: emptied on each notification,
   * and when the connection is lost (then taken again, with backoff).
   */
  follow(pool: Pool, logger: Logger): { stop(): Promise<void> } {
    let stopped = false;
    let client: PoolClient | null = null;
    let retry: NodeJS.Timeout | null = null;
    let delay = 100;
    const onNotification = () => this.clear();
    const onError = (error: unknown) => lost(error);
    const onEnd = () => lost(new Error('connection ended'));
    const letGo = (held: PoolClient, error?: unknown) => {
      held.off('notification', onNotification);
      held.off('error', onError);
      held.off('end', onEnd);
      held.release(error === undefined ? undefined : error instanceof Error ? error : true);
    };
    const lost = (error?: unknown) => {
      this.listening = false;
      this.clear();
      if (client) {
        letGo(client, error ?? true);
        client = null;
      }
      if (stopped || retry) return;
      logger.warn({ err: error instanceof Error ? error.message : error }, 'credential cache: not listening');
      retry = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5_000);
    };
    const connect = async () => {
      retry = null;
      try {
        const taken = await pool.connect();
        client = taken;
        taken.on('notification', onNotification);
        taken.on('error', onError);
        taken.on('end', onEnd);
        await taken.query(`LISTEN ${CREDENTIALS_CHANNEL}`);
        if (stopped) return lost(true);
        // Whatever changed while nobody listened is unknown: start empty.
        this.clear();
        this.listening = true;
        delay = 100;
      } catch (error) {
        lost(error);
      }
    };
    void connect();
    return {
      stop: async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        this.listening = false;
        this.clear();
        if (client) {
          const held = client;
          client = null;
          await held.query(`UNLISTEN ${CREDENTIALS_CHANNEL}`).catch(() => undefined);
          letGo(held);
        }
      },
    };
  }
}
