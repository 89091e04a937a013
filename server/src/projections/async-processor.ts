import type { Pool, PoolClient } from 'pg';
import type { EventStore } from '../event-store/event-store';
import type { LogPosition, RecordedEvent } from '../event-store/event.types';

/**
 * What a batch does once its transaction has committed (announce rows it
 * wrote, say): at most once, never for a batch rolled back; a failure is
 * reported to onError and lost, the batch is not handled again.
 */
export type AfterCommit = () => Promise<void>;

/**
 * A processor that follows the log after the fact (emails, pushes, slow read
 * models). `handle` runs in the same transaction that moves its checkpoint, so
 * what it writes to PostgreSQL happens exactly once per event; what it returns
 * runs after that transaction commits.
 */
export interface AsyncProcessor {
  name: string;
  /** Only these types reach `handle`; the checkpoint moves past the others all the same. */
  eventTypes?: readonly string[];
  batchSize?: number;
  /** Its own wait when the log has nothing new (a runner's idleMs, when given, wins; else 200 ms). */
  idleMs?: number;
  handle(events: readonly RecordedEvent[], db: PoolClient): Promise<void | AfterCommit>;
}

export interface ProcessorRunnerOptions {
  /** How long to wait when the log has nothing new. */
  idleMs?: number;
  /** How often a standby instance tries to take the lock. */
  standbyMs?: number;
  onError?: (error: unknown) => void;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/**
 * Runs one processor: at most one active instance across all processes (a
 * session advisory lock on its name), reading the log in batches from its
 * checkpoint, and storing the checkpoint in the transaction of its own writes.
 */
export class ProcessorRunner {
  private readonly stopping = new AbortController();
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  active = false;
  processedEvents = 0;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    readonly processor: AsyncProcessor,
    private readonly options: ProcessorRunnerOptions = {},
  ) {}

  start(): void {
    if (!this.loop) this.loop = this.run();
  }

  /** Read again now rather than after the idle wait (say, right after an append in this process). */
  nudge(): void {
    this.wake?.();
  }

  /** Finishes the batch in hand, releases the lock, and resolves. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      let client: PoolClient | null = null;
      try {
        client = await this.pool.connect();
        const { rows } = await client.query(
          'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
          [`processor:${this.processor.name}`],
        );
        if (!rows[0].locked) {
          client.release();
          client = null;
          await sleep(this.options.standbyMs ?? 1000, signal);
          continue;
        }
        this.active = true;
        await this.ensureCheckpoint(client);
        while (!signal.aborted) {
          const handled = await this.processBatch(client);
          if (handled === 0) await this.idle(signal);
        }
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [
          `processor:${this.processor.name}`,
        ]);
      } catch (error) {
        this.options.onError?.(error);
        // A broken connection also dropped the lock; destroy it rather than return it to the pool.
        client?.release(error instanceof Error ? error : true);
        client = null;
        await sleep(this.options.standbyMs ?? 1000, signal);
      } finally {
        this.active = false;
        client?.release();
      }
    }
  }

  private idle(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      sleep(this.options.idleMs ?? this.processor.idleMs ?? 200, signal).then(resolve);
    }).then(() => {
      this.wake = null;
    });
  }

  private async ensureCheckpoint(client: PoolClient): Promise<void> {
    await client.query(
      'INSERT INTO es_checkpoints (processor) VALUES ($1) ON CONFLICT (processor) DO NOTHING',
      [this.processor.name],
    );
  }

  /** One batch in one transaction: read, handle, move the checkpoint. Returns how many log rows it passed. */
  private async processBatch(client: PoolClient): Promise<number> {
    await client.query('BEGIN');
    try {
      // No row lock here: taking one would give this transaction an id before the
      // read, and the read stops below the oldest running transaction id.
      const { rows } = await client.query(
        'SELECT transaction_id, global_position FROM es_checkpoints WHERE processor = $1',
        [this.processor.name],
      );
      const from: LogPosition = {
        transactionId: rows[0].transaction_id,
        globalPosition: rows[0].global_position,
      };
      const { events, lastPosition } = await this.store.readAll(
        from,
        this.processor.batchSize ?? 500,
        { types: this.processor.eventTypes },
        client,
      );
      if (lastPosition === from) {
        await client.query('COMMIT');
        return 0;
      }
      const afterCommit = events.length ? await this.processor.handle(events, client) : undefined;
      // Guarded by where we started: should another instance ever have moved it, nothing of this batch commits.
      const moved = await client.query(
        `UPDATE es_checkpoints SET transaction_id = $4, global_position = $5, updated_at = now()
         WHERE processor = $1 AND transaction_id = $2 AND global_position = $3`,
        [
          this.processor.name,
          from.transactionId,
          from.globalPosition,
          lastPosition.transactionId,
          lastPosition.globalPosition,
        ],
      );
      if (moved.rowCount !== 1)
        throw new Error(`checkpoint of ${this.processor.name} moved under this instance`);
      await client.query('COMMIT');
      this.processedEvents += events.length;
      if (afterCommit) await afterCommit().catch((error) => this.options.onError?.(error));
      return events.length || 1;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}
