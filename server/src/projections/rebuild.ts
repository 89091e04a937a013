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
  tenantId?: string,
) {
  let position = START_OF_LOG;
  let count = 0;
  const only = tenantId === undefined ? {} : { tenantId, withUntaggedOfTenant: true };
  for (;;) {
    const { events, lastPosition } = await store.readAll(
      position,
      batchSize,
      { belowRunningTransactions: false, ...only },
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

/** Every read model locked against writers (readers go on), in the projections' order. */
export async function lockReadModels(client: PoolClient, runner: InlineProjectionRunner): Promise<string[]> {
  const tables = runner.tables;
  const bad = tables.find((table) => !TABLE_NAME.test(table));
  if (bad) throw new Error(`read-model table name ${JSON.stringify(bad)} is not a plain identifier`);
  await client.query(`LOCK TABLE ${tables.join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
  return tables;
}

/**
 * Replays one tenant's log into the read models, in the caller's transaction
 * (an erasure's, so that what it makes unreadable is gone from the read models
 * when it commits). The tables are locked against writers first, in the
 * projections' order (commands write them in that order too), so that no
 * command's projection lands between the delete and the replay; then the
 * tenant's rows are deleted (a table's tenant is its workspace_id, or id for
 * the workspaces themselves) and its events replayed.
 */
export async function rebuildTenant(
  client: PoolClient,
  store: EventStore,
  runner: InlineProjectionRunner,
  tenantId: string,
  batchSize = 5000,
): Promise<number> {
  const tables = await lockReadModels(client, runner);
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_name = 'workspace_id' AND table_name = ANY($1::text[])`,
    [tables],
  );
  const withWorkspace = new Set(rows.map((row) => row.table_name));
  for (const table of tables) {
    await client.query(
      `DELETE FROM ${table} WHERE ${withWorkspace.has(table) ? 'workspace_id' : 'id'} = $1`,
      [tenantId],
    );
  }
  return replay(client, store, runner, batchSize, tenantId);
}
