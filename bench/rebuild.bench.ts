import type { Pool } from 'pg';
import { EventStore } from '../server/src/event-store/event-store';
import type { NewEvent } from '../server/src/event-store/event.types';
import { InlineProjectionRunner } from '../server/src/projections/inline-projection';
import { rebuildProjections, type RebuildResult } from '../server/src/projections/rebuild';
import { ledgerProjection, type LedgerEvent } from '../server/src/test/fixtures/ledger.fixture';
import type { BenchConfig } from './bench.config';
import { serverQuery } from './bench.database';
import { benchMetadata, newAccount } from './bench.helpers';

export interface RebuildBenchResult {
  seeded: { events: number; streams: number; seconds: number };
  /** The first rebuild, on a cold process and cache; not the figure. */
  cold: RebuildResult;
  /** The measured rebuilds; the figure is their median. */
  timed: RebuildResult[];
  eventsPerSecond: number;
}

const TIMED_RUNS = 3;

/** A small deterministic generator, so every run replays the same amounts. */
function randomInts(seed: number): (max: number) => number {
  let state = seed >>> 0;
  return (max) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return 1 + (state % max);
  };
}

interface Expected {
  accounts: number;
  balance: number;
  movements: number;
}

/** One account's whole history as one batch: AccountOpened, then deposits and (covered) withdrawals. */
function accountHistory(
  accountId: string,
  length: number,
  next: (max: number) => number,
  expected: Expected,
): NewEvent<LedgerEvent>[] {
  const events: NewEvent<LedgerEvent>[] = [
    {
      type: 'AccountOpened',
      data: { accountId, owner: `owner of ${accountId}`, openedAt: '2025-01-01T00:00:00.000Z' },
    },
  ];
  let balance = 0;
  while (events.length < length) {
    const amount = next(1000);
    if (balance >= amount && next(4) === 1) {
      balance -= amount;
      events.push({ type: 'MoneyWithdrawn', data: { accountId, amount } });
    } else {
      balance += amount;
      events.push({ type: 'MoneyDeposited', data: { accountId, amount } });
    }
  }
  expected.accounts++;
  expected.balance += balance;
  expected.movements += length - 1;
  return events;
}

async function seed(
  store: EventStore,
  config: BenchConfig,
  expected: Expected,
): Promise<RebuildBenchResult['seeded']> {
  const started = process.hrtime.bigint();
  const perStream = Math.ceil(config.rebuildEvents / config.rebuildStreams);
  const next = randomInts(42);
  const metadata = benchMetadata();
  let remaining = config.rebuildEvents;
  const batches: { streamId: string; events: NewEvent<LedgerEvent>[] }[] = [];
  while (remaining > 0) {
    const { streamId, accountId } = newAccount();
    const length = Math.min(perStream, remaining);
    const history = accountHistory(accountId, length, next, expected);
    remaining -= length;
    for (let offset = 0; offset < history.length; offset += config.batchSize) {
      batches.push({ streamId, events: history.slice(offset, offset + config.batchSize) });
    }
  }
  // Several appenders at once, only to seed faster; each stream's batches stay in order within one appender.
  const versions = new Map<string, number>();
  let cursor = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (cursor < batches.length) {
        const { streamId, events } = batches[cursor++];
        const result = await store.append(streamId, versions.get(streamId) ?? 0, events, metadata);
        versions.set(streamId, result.streamVersion);
      }
    }),
  );
  return {
    events: config.rebuildEvents,
    streams: versions.size,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

async function check(pool: Pool, result: RebuildResult, expected: Expected, events: number): Promise<void> {
  if (result.events !== events)
    throw new Error(`the rebuild replayed ${result.events} events, expected ${events}`);
  const { rows } = await pool.query<{ accounts: number; balance: string; movements: string }>(
    'SELECT count(*)::int AS accounts, sum(balance)::text AS balance, sum(movements)::text AS movements FROM ledger_balances',
  );
  const got = {
    accounts: rows[0].accounts,
    balance: Number(rows[0].balance),
    movements: Number(rows[0].movements),
  };
  if (
    got.accounts !== expected.accounts ||
    got.balance !== expected.balance ||
    got.movements !== expected.movements
  ) {
    throw new Error(
      `ledger_balances after the rebuild is ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`,
    );
  }
}

/** Seeds a fresh database's log with ledger events, then times rebuild-projections over it. */
export async function benchRebuild(
  config: BenchConfig,
  pool: Pool,
  ownerUrl: string,
  log: (line: string) => void,
): Promise<RebuildBenchResult> {
  const store = new EventStore(pool);
  const expected: Expected = { accounts: 0, balance: 0, movements: 0 };
  log(`seeding ${config.rebuildEvents} ledger events over ${config.rebuildStreams} accounts…`);
  const seeded = await seed(store, config, expected);
  // As autovacuum would soon after such a load; the owner's to run, not the service role's.
  await serverQuery(ownerUrl, 'VACUUM ANALYZE es_events');
  const runner = new InlineProjectionRunner([ledgerProjection]);
  log(`rebuildProjections: a cold run, then ${TIMED_RUNS} timed runs…`);
  const cold = await rebuildProjections(pool, store, runner);
  await check(pool, cold, expected, seeded.events);
  const timed: RebuildResult[] = [];
  for (let run = 0; run < TIMED_RUNS; run++) {
    const result = await rebuildProjections(pool, store, runner);
    await check(pool, result, expected, seeded.events);
    timed.push(result);
  }
  const rates = timed.map((result) => result.events / result.seconds).sort((a, b) => a - b);
  return { seeded, cold, timed, eventsPerSecond: rates[Math.floor(rates.length / 2)] };
}
