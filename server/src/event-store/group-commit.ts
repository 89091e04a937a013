import type { Pool } from 'pg';
import { isDatabaseUnavailable } from '../db/database-errors';
import type { Queryable } from '../db/queryable';
import { PROCESS_TOKEN } from './append-placeholders';
import type { PreparedProjections, Written } from './prepared-projections';

/** One append's answer: from es_append or es_command (answerAlone), or from a row of es_commands (batchAnswerOf). */
export interface AppendRow {
  status: 'ok' | 'conflict' | 'duplicate' | 'keys';
  stream_version: string | null;
  global_positions: string[];
  transaction_id: string;
  recorded_at: Date;
  /** Hex. */
  hashes: string[];
}

/** What es_append and es_command answer: the hashes as bytea[] (null unless ok). */
type AloneRow = Omit<AppendRow, 'hashes'> & { hashes: Buffer[] | null };

/** Runs es_append or es_command (esAppend, esCommand) on db; its answer, the hashes in hex. */
export async function answerAlone(
  db: Queryable,
  statement: { name: string; text: string; values: unknown[] },
): Promise<AppendRow> {
  const row = (await db.query<AloneRow>(statement)).rows[0];
  return {
    status: row.status,
    stream_version: row.stream_version,
    global_positions: row.global_positions,
    transaction_id: row.transaction_id,
    recorded_at: row.recorded_at,
    hashes: row.hashes === null ? [] : row.hashes.map((hash) => hash.toString('hex')),
  };
}

/** A row of es_commands: its positions and hashes (hex) as text, comma-separated, null unless ok. */
interface BatchRow extends Omit<AppendRow, 'global_positions' | 'hashes'> {
  ord: number;
  global_positions: string | null;
  hashes: string | null;
}

const batchAnswerOf = (row: BatchRow): AppendRow => ({
  status: row.status,
  stream_version: row.stream_version,
  global_positions: row.global_positions === null ? [] : row.global_positions.split(','),
  transaction_id: row.transaction_id,
  recorded_at: row.recorded_at,
  hashes: row.hashes === null ? [] : row.hashes.split(','),
});

/** One append (with its inline projections' statements, for a command) as es_command takes it. */
export interface CommitItem {
  streamId: string;
  streamType: string;
  /** Null: any version. */
  expectedVersion: number | null;
  /** The events, a JSON array as es_append takes it. */
  events: string;
  /** The subjects it sealed with from memory, share-locked and checked (none for a raw append). */
  keySubjects: readonly string[];
  /** Its projections' statements (none for a raw append). */
  projection: readonly Written[];
}

/** es_append of one raw append. */
export const esAppend = (item: CommitItem) => ({
  name: 'es_append',
  text: 'SELECT * FROM es_append($1, $2, $3, $4)',
  values: [item.streamId, item.streamType, item.expectedVersion, item.events],
});

/** es_command of one command, `sql` its projections' statements as the connection runs them. */
export const esCommand = (item: CommitItem, sql: string) => ({
  name: 'es_command',
  text: 'SELECT * FROM es_command($1, $2, $3, $4, $5, $6, $7)',
  values: [
    item.streamId,
    item.streamType,
    item.expectedVersion,
    item.events,
    item.keySubjects,
    PROCESS_TOKEN,
    sql,
  ],
});

/**
 * One append in a statement of its own on a pool: es_append for a raw one, es_command for a command's, its
 * projections' statements prepared on the connection that runs them (prepared-projections.ts).
 */
export async function commitAlone(
  pool: Pool,
  prepared: PreparedProjections,
  item: CommitItem,
): Promise<AppendRow> {
  if (item.projection.length === 0 && item.keySubjects.length === 0) return answerAlone(pool, esAppend(item));
  return prepared.run(pool, [item.projection], (client, [sql]) => answerAlone(client, esCommand(item, sql)));
}

interface Pending {
  item: CommitItem;
  resolve: (row: AppendRow) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** How many statements of appends may be under way at once; the rest wait and go together. */
  maxInFlight?: number;
  /** The most appends one statement takes. */
  maxBatch?: number;
}

/**
 * A statement PostgreSQL refused: it answered with an error (a SQLSTATE), so
 * the transaction did not commit. Not a session lost or ended under it
 * (isDatabaseUnavailable), after which whether it committed is unknown.
 */
const refused = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !isDatabaseUnavailable(error);
};

/**
 * Group commit for the appends made straight on a pool: while `maxInFlight`
 * statements are under way, the appends that come wait, and the next free
 * turn sends all of them (up to `maxBatch`) as one es_commands, one round
 * trip and one commit (migrations/1765353600000-es-commands.ts). One waiting
 * append goes alone as before (es_append or es_command), so a quiet process
 * waits for nothing. Each append gets its own answer: a conflict, a
 * duplicate or a missing key is its alone. When the statement fails (a
 * projection's error, a deadlock), nothing of it was written, and each of
 * its appends is sent alone, in the order they came, to get its own answer;
 * when the connection is lost, whether it committed is unknown and every
 * append of it gets that error, as a single append would.
 */
export class GroupCommit {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly maxInFlight: number;
  private readonly maxBatch: number;

  constructor(
    private readonly pool: Pool,
    private readonly prepared: PreparedProjections,
    options: GroupCommitOptions = {},
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 4);
    this.maxBatch = Math.max(1, options.maxBatch ?? 8);
  }

  submit(item: CommitItem): Promise<AppendRow> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /**
   * The next send waits for the current turn of the event loop to end, so
   * that every append the turn makes goes with it: the callers an answered
   * statement wakes come back with their next appends in the same turn.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.commit(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]);
    let rows: AppendRow[];
    try {
      rows = await this.together(batch.map((pending) => pending.item));
    } catch (error) {
      if (!refused(error)) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      for (const pending of batch) await this.alone(pending);
      return;
    }
    batch.forEach((pending, index) => pending.resolve(rows[index]));
  }

  private async alone({ item, resolve, reject }: Pending): Promise<void> {
    try {
      resolve(await commitAlone(this.pool, this.prepared, item));
    } catch (error) {
      reject(error);
    }
  }

  /** The appends in one es_commands, ordered by stream (a stream's own as they came); the answers in the order given. */
  private async together(items: readonly CommitItem[]): Promise<AppendRow[]> {
    const order = items
      .map((item, index) => ({ item, index }))
      .sort((a, b) =>
        a.item.streamId < b.item.streamId ? -1 : a.item.streamId > b.item.streamId ? 1 : a.index - b.index,
      );
    const sorted = order.map(({ item }) => item);
    const { rows } = await this.prepared.run(
      this.pool,
      sorted.map((item) => item.projection),
      (client, sqls) =>
        client.query<BatchRow>({
          name: 'es_commands',
          text: 'SELECT * FROM es_commands($1, $2, $3, $4, $5, $6, $7)',
          values: [
            sorted.map((item) => item.streamId),
            sorted.map((item) => item.streamType),
            sorted.map((item) => item.expectedVersion),
            `[${sorted.map((item) => item.events).join(',')}]`,
            JSON.stringify(sorted.map((item) => item.keySubjects)),
            PROCESS_TOKEN,
            sqls,
          ],
        }),
    );
    const answers = new Array<AppendRow>(items.length);
    for (const row of rows) answers[order[row.ord - 1].index] = batchAnswerOf(row);
    return answers;
  }
}
