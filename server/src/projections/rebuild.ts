import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../db/pool';
import type { EventStore } from '../event-store/event-store';
import { START_OF_LOG } from '../event-store/log-position';
import type { InlineProjectionRunner } from './inline-projection';

export interface TableDifference {
  table: string;
  /** Rows in the live table that the replay did not produce. */
  onlyLive: number;
  /** Rows the replay produced that the live table lacks. */
  onlyRebuilt: number;
  samples: { side: 'live' | 'rebuilt'; row: unknown }[];
}

export interface RebuildResult {
  events: number;
  seconds: number;
  differences: TableDifference[];
}

export interface RebuildOptions {
  /** Replay beside the live tables and compare, changing nothing. */
  verify?: boolean;
  batchSize?: number;
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

async function replay(
  client: PoolClient,
  store: EventStore,
  runner: InlineProjectionRunner,
  batchSize: number,
) {
  let position = START_OF_LOG;
  let count = 0;
  for (;;) {
    const { events, lastPosition } = await store.readAll(
      position,
      batchSize,
      { belowRunningTransactions: false },
      client,
    );
    if (lastPosition === position) return count;
    await runner.apply(events, client);
    count += events.length;
    position = lastPosition;
  }
}

async function compare(client: PoolClient, table: string): Promise<TableDifference | null> {
  const side = (from: string, to: string) =>
    `SELECT * FROM ${from}.${table} EXCEPT ALL SELECT * FROM ${to}.${table}`;
  const { rows } = await client.query(`
    SELECT 'live' AS side, row_to_json(d) AS row FROM (${side('public', 'pg_temp')}) d
    UNION ALL
    SELECT 'rebuilt', row_to_json(d) FROM (${side('pg_temp', 'public')}) d`);
  if (rows.length === 0) return null;
  return {
    table,
    onlyLive: rows.filter((row) => row.side === 'live').length,
    onlyRebuilt: rows.filter((row) => row.side === 'rebuilt').length,
    samples: rows.slice(0, 5),
  };
}

/**
 * Replays the whole log into the inline projections' tables. Without verify it
 * truncates and refills them in one transaction (writers of those tables wait
 * for it). With verify it replays into temporary tables of the same shape,
 * which shadow the live ones inside this transaction, from one repeatable-read
 * snapshot, and reports every row that differs.
 */
export async function rebuildProjections(
  pool: Pool,
  store: EventStore,
  runner: InlineProjectionRunner,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const started = process.hrtime.bigint();
  const tables = runner.tables;
  const bad = tables.find((table) => !TABLE_NAME.test(table));
  if (bad) throw new Error(`read-model table name ${JSON.stringify(bad)} is not a plain identifier`);
  const batchSize = options.batchSize ?? 5000;

  const { events, differences } = options.verify
    ? await inTransaction(
        pool,
        async (client) => {
          for (const table of tables) {
            await client.query(
              `CREATE TEMP TABLE ${table} (LIKE public.${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES) ON COMMIT DROP`,
            );
          }
          const events = await replay(client, store, runner, batchSize);
          const differences: TableDifference[] = [];
          for (const table of tables) {
            const difference = await compare(client, table);
            if (difference) differences.push(difference);
          }
          return { events, differences };
        },
        'BEGIN ISOLATION LEVEL REPEATABLE READ',
      )
    : await inTransaction(pool, async (client) => {
        if (tables.length) await client.query(`TRUNCATE ${tables.join(', ')}`);
        return { events: await replay(client, store, runner, batchSize), differences: [] };
      });
  return { events, differences, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
