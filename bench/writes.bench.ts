import type { Pool } from 'pg';
import { createPool } from '../server/src/db/pool';
import { EventStore } from '../server/src/event-store/event-store';
import { CommandHandler } from '../server/src/projections/command-handler';
import { InlineProjectionRunner } from '../server/src/projections/inline-projection';
import { ledgerProjection } from '../server/src/test/fixtures/ledger.fixture';
import type { BenchConfig } from './bench.config';
import type { BenchDatabases } from './bench.database';
import { measureGroup, type Measurement } from './bench.helpers';
import { aimAtLeast, formatInteger, type Row } from './bench.report';
import { checkBalances, depositContender, longestStream } from './command-handler.bench';
import { openEmmett } from './emmett.bench';
import { appendContender } from './event-store.bench';
import { PgbenchPeer, type PgbenchFigures } from './pgbench.bench';

export interface WriteFigures {
  /** By writer count, by contender: Emmett, ours store.append and the commands. */
  single: Map<number, Map<string, Measurement>>;
  /** The longest account stream the one-account commands made, by writer count. */
  longest: Map<number, number>;
  /** The most writers, where pgbench is the ceiling. */
  most: number;
  pgbench: PgbenchFigures | null;
  /** Batched appends, Emmett and ours. */
  batch: Map<string, Measurement>;
}

export interface WriteBenchContext {
  config: BenchConfig;
  databases: BenchDatabases;
  /** Pools the caller ends. */
  pools: Pool[];
  /** What must be undone if the run is interrupted (Emmett's pool while it is open). */
  cleanups: Set<() => Promise<void>>;
  log: (line: string) => void;
  figure: (line: string) => void;
}

/**
 * Rows 1 to 4, the write path (`npm run bench -- writes` alone): Emmett's raw
 * appends, ours, pgbench's one-row INSERTs as the ceiling, commands through
 * the handler one statement each and, beside them, in a transaction, and
 * batched appends, each group interleaved.
 */
export async function benchWrites({
  config,
  databases,
  pools,
  cleanups,
  log,
  figure,
}: WriteBenchContext): Promise<WriteFigures> {
  const printGroup = (label: string, results: Map<string, Measurement>) => {
    for (const [key, m] of results)
      figure(
        `${label} ${key}: ${formatInteger(m.unitsPerSecond)}/s, p50 ${m.p50Ms.toFixed(2)} ms, p99 ${m.p99Ms.toFixed(2)} ms (${m.writers} writer${m.writers > 1 ? 's' : ''})`,
      );
  };
  log('creating databases and running migrations…');
  const emmettUrl = await databases.createEmpty('emmett');
  const oursUrl = await databases.createMigrated('ours');
  const emmett = await openEmmett(emmettUrl, config.poolSize);
  const closeEmmett = () => emmett.close();
  cleanups.add(closeEmmett);

  const oursPool = createPool(oursUrl, { max: config.poolSize, applicationName: 'portal-bench' });
  pools.push(oursPool);
  const store = new EventStore(oursPool);
  // Each append a statement of its own, measured beside the group commit: what that gained alone.
  const storeAlone = new EventStore(oursPool, undefined, undefined, { groupCommit: false });
  const handler = new CommandHandler({
    pool: oursPool,
    store,
    projections: new InlineProjectionRunner([ledgerProjection]),
  });
  const handlerAlone = new CommandHandler({
    pool: oursPool,
    store: storeAlone,
    projections: new InlineProjectionRunner([ledgerProjection]),
  });
  // The way every command went before es_command, measured beside it: what the one round trip gained alone.
  const handlerInTransaction = new CommandHandler({
    pool: oursPool,
    store,
    projections: new InlineProjectionRunner([ledgerProjection]),
    oneTrip: false,
  });
  const group = (contenders: Parameters<typeof measureGroup>[0]) =>
    measureGroup(contenders, {
      seconds: config.seconds,
      warmupSeconds: config.warmupSeconds,
      slices: config.slices,
    });

  const single = new Map<number, Map<string, Measurement>>();
  const longest = new Map<number, number>();
  // The write path's ceiling: pgbench's one-row INSERTs, at the most writers, in turns among theirs.
  const most = Math.max(...config.writerCounts);
  const pgbench = await PgbenchPeer.open(oursUrl, most);
  if (!pgbench) log('pgbench not found: no ceiling for the appends');
  for (const writers of config.writerCounts) {
    const peer = writers === most && pgbench ? [pgbench.contender('pgbench')] : [];
    log(
      `${writers} writer(s): Emmett appendToStream, ours store.append, ours commands (two ways)${peer.length ? `, pgbench ${most} clients` : ''}, interleaved…`,
    );
    const oneAccount = depositContender(handler, 'commands', writers);
    const bounded = depositContender(handler, 'commands-bounded', writers, config.depositsPerAccount);
    const alone = depositContender(handlerAlone, 'commands-alone', writers);
    const inTransaction = depositContender(handlerInTransaction, 'commands-tx', writers);
    single.set(
      writers,
      await group([
        emmett.appendContender('emmett', writers, 1),
        appendContender(store, 'ours', writers, 1),
        appendContender(storeAlone, 'ours-alone', writers, 1),
        oneAccount,
        bounded,
        alone,
        inTransaction,
        ...peer,
      ]),
    );
    const results = single.get(writers)!;
    if (peer.length && pgbench) {
      results.delete('pgbench');
      const figures = pgbench.figures();
      figure(
        `(2p) pgbench ${most} clients, one-row INSERT per transaction: ${formatInteger(figures.insertsPerSecond)}/s ` +
          `(turns ${figures.runs.map((tps) => formatInteger(tps)).join(', ')})`,
      );
      pgbench.close();
    }
    printGroup('(1-3)', results);
    await checkBalances(oursPool, oneAccount);
    await checkBalances(oursPool, bounded);
    await checkBalances(oursPool, alone);
    await checkBalances(oursPool, inTransaction);
    longest.set(writers, longestStream(oneAccount));
  }
  log(`${config.batchSize} events per append, 1 writer: Emmett and ours, interleaved…`);
  const batch = await group([
    emmett.appendContender('emmett', 1, config.batchSize),
    appendContender(store, 'ours', 1, config.batchSize),
  ]);
  printGroup(`(4) ${config.batchSize} events per append, events`, batch);
  cleanups.delete(closeEmmett);
  await emmett.close();
  return { single, longest, most, pgbench: pgbench?.figures() ?? null, batch };
}

export function writeRows(config: BenchConfig, { single, most, pgbench, batch }: WriteFigures): Row[] {
  const rows: Row[] = [];
  const get = (results: Map<string, Measurement>, key: string) => results.get(key)!;
  for (const writers of config.writerCounts) {
    const measurement = get(single.get(writers)!, 'emmett');
    rows.push({
      id: '1',
      name: 'Emmett appendToStream, 1 event per call',
      writers: String(writers),
      figure: measurement.unitsPerSecond,
      unit: 'appends/s',
      measurement,
      ratio: 1,
    });
  }
  const versusEmmett = (writers: number, key: string) => {
    const measurement = get(single.get(writers)!, key);
    return {
      measurement,
      ratio: measurement.unitsPerSecond / get(single.get(writers)!, 'emmett').unitsPerSecond,
    };
  };
  const gainOver = (writers: number, key: string, peer: string, id: string) =>
    ` (${(get(single.get(writers)!, key).unitsPerSecond / get(single.get(writers)!, peer).unitsPerSecond).toFixed(2)}× ${id})`;
  for (const writers of config.writerCounts) {
    const { measurement, ratio } = versusEmmett(writers, 'ours');
    rows.push({
      id: '2',
      name: `ours store.append, 1 event per call, group commit${gainOver(writers, 'ours', 'ours-alone', '2a')}`,
      writers: String(writers),
      figure: measurement.unitsPerSecond,
      unit: 'appends/s',
      measurement,
      ratio,
      aim: aimAtLeast('≥ 1.5× Emmett', ratio, 1.5),
    });
  }
  for (const writers of config.writerCounts) {
    const { measurement, ratio } = versusEmmett(writers, 'ours-alone');
    rows.push({
      id: '2a',
      name: 'ours store.append, 1 event per call, each append its own statement (no group commit)',
      writers: String(writers),
      figure: measurement.unitsPerSecond,
      unit: 'appends/s',
      measurement,
      ratio,
    });
  }
  if (pgbench) {
    const peer = pgbench;
    const ours = get(single.get(most)!, 'ours').unitsPerSecond;
    const ofPgbench = ours / peer.insertsPerSecond;
    rows.push({
      id: '2p',
      name: `pgbench one-row INSERTs, same database, in turns among 1-3 (${peer.runs.map((tps) => formatInteger(tps)).join(', ')}); vs Emmett`,
      writers: String(most),
      figure: peer.insertsPerSecond,
      unit: 'inserts/s',
      ratio: peer.insertsPerSecond / get(single.get(most)!, 'emmett').unitsPerSecond,
    });
    rows.push({
      id: '2p',
      name: `ours store.append at ${most} writers as a share of pgbench: ${ofPgbench.toFixed(2)}×`,
      writers: String(most),
      figure: ours,
      unit: 'appends/s',
      aim: aimAtLeast('≥ 0.5× pgbench', ofPgbench, 0.5),
    });
  }
  for (const [id, key, label] of [
    ['3', 'commands', 'one account per writer'],
    ['3b', 'commands-bounded', `new account every ${config.depositsPerAccount} deposits`],
    ['3a', 'commands-alone', 'one account per writer, each command its own statement (no group commit)'],
    ['3t', 'commands-tx', 'one account per writer, in a transaction (oneTrip: false)'],
  ] as const) {
    for (const writers of config.writerCounts) {
      const { measurement, ratio } = versusEmmett(writers, key);
      const gain =
        key === 'commands'
          ? `${gainOver(writers, key, 'commands-alone', '3a')}${gainOver(writers, key, 'commands-tx', '3t')}`
          : '';
      rows.push({
        id,
        name: `ours CommandHandler Deposit + inline ledger, ${label}${gain}`,
        writers: String(writers),
        figure: measurement.unitsPerSecond,
        unit: 'commands/s',
        measurement,
        ratio,
        aim: aimAtLeast('≥ 1.2× Emmett raw', ratio, 1.2),
      });
    }
  }
  const emmettBatch = get(batch, 'emmett');
  const oursBatch = get(batch, 'ours');
  rows.push({
    id: '4',
    name: `Emmett appendToStream, ${config.batchSize} events per call`,
    writers: '1',
    figure: emmettBatch.unitsPerSecond,
    unit: 'events/s',
    measurement: emmettBatch,
    ratio: 1,
  });
  rows.push({
    id: '4',
    name: `ours store.append, ${config.batchSize} events per call`,
    writers: '1',
    figure: oursBatch.unitsPerSecond,
    unit: 'events/s',
    measurement: oursBatch,
    ratio: oursBatch.unitsPerSecond / emmettBatch.unitsPerSecond,
  });
  return rows;
}

export function writeNotes(config: BenchConfig, { longest }: WriteFigures): string[] {
  return [
    '(1)(2)(4) each writer appends to its own new stream, its expected version taken from the previous result (Emmett too).',
    '(2)(3)(3b) group commit (server/src/event-store/group-commit.ts): appends that come while 4 statements are under',
    '    way wait and the next free turn sends up to 8 of them as one es_commands, one round trip and one commit, each',
    '    its own answer; (2a)(3a) the same appends and commands with each its own statement, in the same run.',
    '(3)(3b) Deposit commands through CommandHandler.handle with ledgerProjection inline; ratio to row 1 at the same writer',
    '    count. A command reads its stream only when this process holds no current state of it (the state cache).',
    '    (3)(3b) send the append and the projection as one statement, es_command: one round trip, no BEGIN or COMMIT;',
    '    (3t) the same commands the way before it: BEGIN, es_append, the projection, COMMIT (4 round trips).',
    '    (3): each writer deposits into the one account it opened;',
    `    the streams grew to ${config.writerCounts.map((writers) => `${formatInteger(longest.get(writers)!)} events (${writers} writer${writers > 1 ? 's' : ''})`).join(', ')}.`,
    `    (3b): a writer opens a new account (an OpenAccount command, counted) every ${config.depositsPerAccount} deposits.`,
    '    ledger_balances was checked against the deposits made.',
  ];
}
