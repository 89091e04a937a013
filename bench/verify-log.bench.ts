import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import type { Pool } from 'pg';
import { loadMigrations } from '../server/src/db/migrations';
import { EventStore } from '../server/src/event-store/event-store';
import { verifyChains } from '../server/src/event-store/hash-chain';
import { VERIFY_CONNECTIONS } from '../server/src/cli/verify-log.command';
import { createPool } from '../server/src/db/pool';
import type { BenchConfig } from './bench.config';
import { serverQuery, type BenchDatabases } from './bench.database';
import {
  benchMetadata,
  depositEvents,
  measureGroup,
  newAccount,
  type Contender,
  type Measurement,
} from './bench.helpers';
import { formatInteger } from './bench.report';

export const VERIFY_EVENTS = 200_000;
export const VERIFY_STREAMS = 2_000;
const TIMED_RUNS = 3;
const HASHES_MIGRATION = 'EventHashes1765094400000';

export interface VerifyLogFigures {
  events: number;
  streams: number;
  seedSeconds: number;
  /** Median of the timed runs, events/s: verifyChains, as `verify-log` runs it. */
  verifyPerSecond: number;
  /** The peer, in turns with it: one scan of the same rows, sha256 over each row's data text, no chain, no window. */
  scanPerSecond: number;
  verifyRuns: number[];
  scanRuns: number[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** 200,000 events over 2,000 streams (100 each, appended 100 per call by 8 appenders), then VACUUM ANALYZE. */
async function seed(pool: Pool, ownerUrl: string): Promise<number> {
  const started = performance.now();
  const store = new EventStore(pool);
  const perStream = VERIFY_EVENTS / VERIFY_STREAMS;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < VERIFY_STREAMS) {
        next++;
        const { streamId, accountId } = newAccount();
        await store.append(streamId, 0, depositEvents(accountId, perStream), benchMetadata());
      }
    }),
  );
  await serverQuery(ownerUrl, 'VACUUM ANALYZE es_events');
  return (performance.now() - started) / 1000;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

/** verify-log's rate over a log of 200,000 events, against a plain hashing scan of the same rows, in turns. */
export async function benchVerifyLog(
  pool: Pool,
  ownerUrl: string,
  log: (line: string) => void,
): Promise<VerifyLogFigures> {
  log(`seeding ${VERIFY_EVENTS} events over ${VERIFY_STREAMS} streams for verify-log…`);
  const seedSeconds = await seed(pool, ownerUrl);
  const verify = async () => {
    const report = await verifyChains(pool, { concurrency: VERIFY_CONNECTIONS });
    if (!report.ok || report.checked !== VERIFY_EVENTS)
      throw new Error(`verify-log found ${JSON.stringify(report)} on an untouched log of ${VERIFY_EVENTS}`);
  };
  const scan = () => pool.query(`SELECT count(sha256(convert_to(data::text, 'UTF8'))) FROM es_events`);
  log('verify-log and the plain hashing scan, a cold run each, then in turns…');
  await verify();
  await scan();
  const verifyRuns: number[] = [];
  const scanRuns: number[] = [];
  for (let run = 0; run < TIMED_RUNS; run++) {
    verifyRuns.push(VERIFY_EVENTS / (await timed(verify)));
    scanRuns.push(VERIFY_EVENTS / (await timed(scan)));
  }
  return {
    events: VERIFY_EVENTS,
    streams: VERIFY_STREAMS,
    seedSeconds,
    verifyPerSecond: median(verifyRuns),
    scanPerSecond: median(scanRuns),
    verifyRuns,
    scanRuns,
  };
}

/** Migrates a database up to (not including) the event hashes: es_append as it was before them. */
export async function migrateBeforeHashes(url: string): Promise<void> {
  const all = loadMigrations();
  const index = all.findIndex((migration) => new migration().name === HASHES_MIGRATION);
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations: all.slice(0, index),
    migrationsTableName: 'typeorm_migrations',
    logging: ['error'],
  });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

/**
 * es_append itself, called the way EventStore.append calls it (one statement,
 * the same JSON), on whichever database the pool is on: the hashing one or
 * one migrated only up to before the hashes. The raw call, because the store
 * of this code reads the hashes column that the older function lacks.
 */
export function rawAppendContender(pool: Pool, key: string, eventsPerAppend: number): Contender {
  return {
    key,
    writers: 1,
    makeWriter: async () => {
      const { streamId, accountId } = newAccount();
      const metadata = benchMetadata();
      let version = 0;
      return async () => {
        const events = depositEvents(accountId, eventsPerAppend).map((event) => ({
          eventId: randomUUID(),
          type: event.type,
          schemaVersion: 1,
          data: event.data,
          metadata,
        }));
        const { rows } = await pool.query({
          name: 'es_append_raw',
          text: 'SELECT status, stream_version FROM es_append($1, $2, $3, $4)',
          values: [streamId, 'account', version, JSON.stringify(events)],
        });
        if (rows[0].status !== 'ok') throw new Error(`es_append said ${rows[0].status}`);
        version = Number(rows[0].stream_version);
        return eventsPerAppend;
      };
    },
  };
}

export interface HashFigures {
  verify: VerifyLogFigures;
  /** es_append without hashes and with, interleaved: 1 event per call (appends/s) and `batchSize` per call (events/s). */
  append: { single: Map<string, Measurement>; batch: Map<string, Measurement>; batchSize: number };
}

export const APPEND_BEFORE = 'before hashes';
export const APPEND_HASHING = 'hashing';

/** Everything of the hash chain's cost: verify-log's rate, and es_append before and after the hashes. */
export async function benchHashes(
  databases: BenchDatabases,
  config: BenchConfig,
  log: (line: string) => void,
  figure: (line: string) => void,
): Promise<HashFigures> {
  const pools: Pool[] = [];
  try {
    const verifyUrl = await databases.createMigrated('verify');
    const verifyPool = createPool(verifyUrl, { max: 2, applicationName: 'portal-bench' });
    pools.push(verifyPool);
    const verify = await benchVerifyLog(verifyPool, verifyUrl, log);
    figure(
      `(12) verify-log over ${formatInteger(verify.events)} events: ${formatInteger(verify.verifyPerSecond)} events/s; ` +
        `plain sha256 scan of the same rows ${formatInteger(verify.scanPerSecond)} events/s`,
    );

    const beforeUrl = await databases.createEmpty('prehash');
    await migrateBeforeHashes(beforeUrl);
    const hashingUrl = await databases.createMigrated('hashing');
    // Both as the owner, so that nothing but the function differs.
    const before = createPool(beforeUrl, { max: 2, asAppRole: false, applicationName: 'portal-bench' });
    const hashing = createPool(hashingUrl, { max: 2, asAppRole: false, applicationName: 'portal-bench' });
    pools.push(before, hashing);
    const options = { seconds: config.seconds, warmupSeconds: config.warmupSeconds, slices: config.slices };
    log('es_append before the hashes and hashing, 1 event per call, interleaved…');
    const single = await measureGroup(
      [rawAppendContender(before, APPEND_BEFORE, 1), rawAppendContender(hashing, APPEND_HASHING, 1)],
      options,
    );
    log(`es_append before the hashes and hashing, ${config.batchSize} events per call, interleaved…`);
    const batch = await measureGroup(
      [
        rawAppendContender(before, APPEND_BEFORE, config.batchSize),
        rawAppendContender(hashing, APPEND_HASHING, config.batchSize),
      ],
      options,
    );
    for (const [label, results] of [
      ['1 event per call', single],
      [`${config.batchSize} events per call`, batch],
    ] as const)
      for (const [key, m] of results)
        figure(
          `(13) es_append ${key}, ${label}: ${formatInteger(m.unitsPerSecond)} events/s, p50 ${m.p50Ms.toFixed(2)} ms`,
        );
    return { verify, append: { single, batch, batchSize: config.batchSize } };
  } finally {
    await Promise.allSettled(pools.map((pool) => pool.end()));
  }
}
