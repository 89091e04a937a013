import { Client, type ClientConfig } from 'pg';

/** A connection of projectAt's own, whose temporary tables shadow the read models. */
export interface HistorySession {
  client: Client;
  /**
   * The snapshot whose rows the temporary tables hold as their committed
   * state ('' when empty). A request replays on top of it in a transaction
   * it rolls back, so the state is the same again for the next request.
   */
  holds: string;
  lastUsed: number;
}

/**
 * projectAt's connections: made with their temporary tables once, kept (a
 * few, idle for at most a minute) so that the next look at the same project
 * starts from the snapshot they hold, with nothing to restore. A connection
 * is never the pool's: its prepared statements name the temporary tables.
 */
export class HistorySessions {
  private readonly idle: HistorySession[] = [];
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly options: {
      connection: ClientConfig;
      tables: readonly string[];
      /** How many idle connections are kept. */
      keep?: number;
      idleMs?: number;
    },
  ) {
    this.timer = setInterval(() => this.closeIdle(), Math.max(1_000, (options.idleMs ?? 60_000) / 2));
    this.timer.unref();
  }

  /** An idle session holding `holds` if there is one, else the one idle longest, else a new one. */
  async acquire(holds: string): Promise<HistorySession> {
    const index = this.idle.findIndex((session) => session.holds === holds);
    if (index >= 0) return this.idle.splice(index, 1)[0];
    if (this.idle.length) return this.idle.shift()!;
    const client = new Client(this.options.connection);
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query(
        [
          'SET search_path = pg_temp, public',
          ...this.options.tables.map(
            (table) =>
              `CREATE TEMP TABLE ${table} (LIKE public.${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
          ),
        ].join(';\n'),
      );
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return { client, holds: '', lastUsed: Date.now() };
  }

  /** Back to the idle ones when its state is what `holds` says; closed otherwise, or when enough are kept. */
  async release(session: HistorySession, clean: boolean): Promise<void> {
    if (clean && !this.closed && this.idle.length < (this.options.keep ?? 2)) {
      session.lastUsed = Date.now();
      this.idle.push(session);
      return;
    }
    await session.client.end().catch(() => undefined);
  }

  private closeIdle(): void {
    const cutoff = Date.now() - (this.options.idleMs ?? 60_000);
    for (const session of this.idle.filter((s) => s.lastUsed < cutoff)) {
      this.idle.splice(this.idle.indexOf(session), 1);
      void session.client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await Promise.all(this.idle.splice(0).map((session) => session.client.end().catch(() => undefined)));
  }
}
