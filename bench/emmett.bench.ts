import { getPostgreSQLEventStore, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import { benchMetadata, depositEvents, newAccount, type Contender, type Step } from './bench.helpers';

/**
 * Emmett's PostgreSQL store (dumbo underneath) sets pg's process-wide type
 * parsers when it makes its pool: int8 as BigInt, json and jsonb through its
 * own serializer. Our store expects pg's defaults (int8 as text: a BigInt
 * global position would break JSON.stringify in the ledger projection), so
 * Emmett's parsers are in place only during Emmett's own turns.
 */
const TYPES_EMMETT_SETS = [20, 114, 3802];

type Parsers = (readonly [number, (value: string) => unknown])[];

const currentParsers = (): Parsers =>
  TYPES_EMMETT_SETS.map((oid) => [oid, pg.types.getTypeParser(oid)] as const);
const setParsers = (parsers: Parsers) => {
  for (const [oid, parser] of parsers) pg.types.setTypeParser(oid, parser);
};

export interface EmmettBench {
  appendContender(key: string, writers: number, eventsPerAppend: number): Contender;
  close(): Promise<void>;
}

/** A writer on its own new stream; the expected version is tracked as for ours (0n: the stream must not exist). */
function appendWriter(store: PostgresEventStore, eventsPerAppend: number): Step {
  const { streamId, accountId } = newAccount();
  const metadata = benchMetadata();
  let expected = 0n;
  return async () => {
    const events = depositEvents(accountId, eventsPerAppend).map((event) => ({ ...event, metadata }));
    const result = await store.appendToStream(streamId, events, { expectedStreamVersion: expected });
    expected = result.nextExpectedStreamVersion;
    return eventsPerAppend;
  };
}

/** Emmett's store on its own database, its schema made by Emmett, with a pool of `poolSize` connections. */
export async function openEmmett(url: string, poolSize: number): Promise<EmmettBench> {
  const ours = currentParsers();
  // dumbo's own pool is `new pg.Pool({ connectionString })`: pg's default of 10 connections, and no
  // option to change it. Handing it a pg.Pool is how Emmett gets the same pool size as ours.
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  let store: PostgresEventStore | undefined;
  try {
    store = getPostgreSQLEventStore(url, {
      schema: { autoMigration: 'CreateOrUpdate' },
      connectionOptions: { pool },
    });
    await store.schema.migrate();
  } catch (error) {
    await store?.close().catch(() => undefined);
    await pool.end().catch(() => undefined);
    setParsers(ours);
    throw error;
  }
  const emmett = currentParsers();
  setParsers(ours);
  const opened = store;
  return {
    appendContender: (key, writers, eventsPerAppend) => ({
      key,
      writers,
      makeWriter: async () => appendWriter(opened, eventsPerAppend),
      enter: () => setParsers(emmett),
      leave: () => setParsers(ours),
    }),
    async close() {
      try {
        await opened.close();
      } finally {
        await pool.end();
        setParsers(ours);
      }
    },
  };
}
