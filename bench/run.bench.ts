import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { createPool } from '../server/src/db/pool';
import { loadBenchConfig } from './bench.config';
import { BenchDatabases, serverQuery } from './bench.database';
import { aimAtLeast, formatInteger, formatTable, type Row } from './bench.report';
import { benchRebuild } from './rebuild.bench';
import { benchPortal } from './portal.bench';
import { benchStartup } from './startup.bench';
import { benchLive, type LiveFigures } from './live.bench';
import { benchTimelinePages } from './timeline.bench';
import { APPEND_BEFORE, APPEND_HASHING, benchHashes, type HashFigures } from './verify-log.bench';
import { benchProjectAt, type ProjectAtFigures } from './project-at.bench';
import { benchReadPath, READ_PATH_NOTES, readPathRows } from './read-path.bench';
import { benchScaleOut, type ScaleOutFigures, type ScaleOutRun } from './scale-out.bench';
import { benchWrites, writeNotes, writeRows } from './writes.bench';

/** Set on SIGINT / SIGTERM: the databases are being dropped and what fails after that is expected. */
let interrupted = false;

const formatLoad = () =>
  loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

/** `npm run bench -- writes`, `-- live`, `-- verify-log`, `-- project-at`, `-- read-path` or `-- scale-out`: only that bench (no argument: every bench). */
const only = process.argv.slice(2);

/** The live bench's rows of the table. */
function liveRows(live: LiveFigures): Row[] {
  const rows: Row[] = [];
  // The production poll first.
  for (const [idleMs, figures] of Object.entries(live.latency).sort(([a], [b]) => Number(b) - Number(a))) {
    const { delivered, roundTrip } = figures;
    const measurement = (p: { samples: number; p50: number; p99: number; max: number }) => ({
      writers: 1,
      operations: p.samples,
      units: p.samples,
      seconds: 0,
      unitsPerSecond: 0,
      p50Ms: p.p50,
      p99Ms: p.p99,
      maxMs: p.max,
      clientCpu: Number.NaN,
    });
    rows.push({
      id: '10',
      name: `shareLink's own round trip (peer of the next row), ${formatInteger(roundTrip.samples)} mutations`,
      writers: '1',
      figure: roundTrip.p50,
      unit: 'ms p50',
      measurement: measurement(roundTrip),
      ratio: 1,
    });
    rows.push({
      id: '10',
      name: `shareLink sent → timelineEntryAdded at ${live.subscriptions / live.projects} of ${live.subscriptions} subscribers, worker idle poll ${idleMs} ms; p95 ${delivered.p95.toFixed(1)} ms`,
      writers: '1',
      figure: delivered.p50,
      unit: 'ms p50',
      measurement: measurement(delivered),
      ratio: delivered.p50 / roundTrip.p50,
    });
  }
  rows.push({
    id: '11',
    name: `API RSS per idle subscription after a full GC (one socket each, up to ${formatInteger(live.capacity.points.at(-1)!.subscriptions)}); extrapolated ${formatInteger(live.capacity.in512MiB)} in 512 MiB`,
    writers: '-',
    figure: live.capacity.bytesPerSubscription,
    unit: 'bytes',
  });
  return rows;
}

/** The hash chain's rows: verify-log against a plain hashing scan, es_append before and after the hashes. */
function hashRows({ verify, append }: HashFigures): Row[] {
  const rows: Row[] = [
    {
      id: '12',
      name: `plain scan of the same rows: sha256 of each row's data, no chain (peer of the next row)`,
      writers: '1',
      figure: verify.scanPerSecond,
      unit: 'events/s',
      ratio: 1,
    },
    {
      id: '12',
      name: `verify-log: every chain recomputed, gaps and versions checked, ${formatInteger(verify.events)} events on ${formatInteger(verify.streams)} streams (median of ${verify.verifyRuns.length})`,
      writers: '1',
      figure: verify.verifyPerSecond,
      unit: 'events/s',
      ratio: verify.verifyPerSecond / verify.scanPerSecond,
      aim: aimAtLeast('≥ 100,000/s', verify.verifyPerSecond, 100_000),
    },
  ];
  for (const [results, label, unit] of [
    [append.single, '1 event per call', 'appends/s'],
    [append.batch, `${append.batchSize} events per call`, 'events/s'],
  ] as const) {
    const before = results.get(APPEND_BEFORE)!;
    const hashing = results.get(APPEND_HASHING)!;
    rows.push(
      {
        id: '13',
        name: `es_append before the hashes (peer of the next row), ${label}`,
        writers: '1',
        figure: before.unitsPerSecond,
        unit,
        measurement: before,
        ratio: 1,
      },
      {
        id: '13',
        name: `es_append hashing (es_event_hash, chained on the stream head), ${label}`,
        writers: '1',
        figure: hashing.unitsPerSecond,
        unit,
        measurement: hashing,
        ratio: hashing.unitsPerSecond / before.unitsPerSecond,
      },
    );
  }
  return rows;
}

const HASH_NOTES = [
  '(12) verifyChains as `verify-log` runs it: 500 streams per statement (es_event_hash over each row and lag(hash),',
  '    row_number() for gaps, es_streams.version against the events), two statements at once on two connections; the',
  "    peer is one statement SELECT count(sha256(convert_to(data::text, 'UTF8'))) FROM es_events on the same database",
  '    (PostgreSQL may give it parallel workers), in turns with it.',
  '(13) es_append called raw (SELECT … FROM es_append, as EventStore.append sends it) on two databases of this run,',
  '    one migrated up to before the event-hashes migration, both as the owner; interleaved; "vs" is the ratio to the',
  '    function before the hashes.',
];

/** The projectAt bench's rows: the live read of the same selection first, its peer. */
function projectAtRows(history: ProjectAtFigures): Row[] {
  const measurement = (p: ProjectAtFigures['project']) => ({
    writers: 1,
    operations: p.samples,
    units: p.samples,
    seconds: 0,
    unitsPerSecond: 0,
    p50Ms: p.p50,
    p99Ms: p.p99,
    maxMs: p.max,
    clientCpu: Number.NaN,
  });
  const rows: Row[] = [
    {
      id: '14',
      name: `project(id) on the live read models (peer of the next rows), ${formatInteger(history.events)}-event project`,
      writers: '1',
      figure: history.project.p50,
      unit: 'ms p50',
      measurement: measurement(history.project),
      ratio: 1,
    },
  ];
  for (const [label, figures] of [
    [
      `projectAt(now), from its snapshot (${formatInteger(history.events)} events in the project)`,
      history.projectAt,
    ],
    ['projectAt half-way through the project, from its snapshot', history.halfway],
    [`projectAt(now) with no snapshot: replaying all ${formatInteger(history.events)} events`, history.cold],
  ] as const)
    rows.push({
      id: '14',
      name: `${label}, same selection`,
      writers: '1',
      figure: figures.p50,
      unit: 'ms p50',
      measurement: measurement(figures),
      ratio: figures.p50 / history.project.p50,
      aim: figures === history.projectAt ? { text: 'p50 < 200 ms', met: figures.p50 < 200 } : undefined,
    });
  return rows;
}

const PROJECT_AT_NOTES = [
  '(14) the API in this process; one request at a time, projectAt(now), project(id) and projectAt(half-way) in turn.',
  '    projectAt opens a connection of its own, makes temporary copies of the read models, replays the events of the',
  "    project's streams, its client's and its workspace's through the inline projections, and answers from them.",
  '    The first replay of many events leaves a snapshot (project_snapshots, below the log horizon); later calls restore',
  '    the newest one before their instant inside PostgreSQL and replay only what it lacks. "no snapshot": three',
  "    samples, each after deleting the project's snapshots.",
];

/** The scale-out bench's rows: one API process (the peer), then three. */
function scaleOutRows({ single, scaled }: ScaleOutFigures): Row[] {
  const row = (run: ScaleOutRun, ratio: number): Row => ({
    id: '17',
    name:
      `${run.apis} API process${run.apis > 1 ? 'es' : ''} + ${run.workers} worker${run.workers > 1 ? 's' : ''}: createInvoice, sendInvoice, overview ×2` +
      `${run === single ? ' (peer of the next row)' : ''}${run.killed ? ', a worker SIGKILLed half-way' : ''}`,
    writers: String(run.connections),
    figure: run.load.rps,
    unit: 'requests/s',
    measurement: {
      writers: run.connections,
      operations: run.load.requests,
      units: run.load.requests,
      seconds: run.seconds,
      unitsPerSecond: run.load.rps,
      p50Ms: run.load.p50,
      p99Ms: run.load.p99,
      maxMs: Number.NaN,
      clientCpu: Number.NaN,
    },
    ratio,
  });
  const emails = (run: ScaleOutRun): Row => ({
    id: '18',
    name: `${run.apis} API(s): emails sent exactly once (${formatInteger(run.check.expectedEmails)} due, ${run.check.duplicatePairs} twice, ${run.check.missing} missing); ${formatInteger(run.check.invoices)} invoice numbers, ${formatInteger(run.check.invoices - run.check.distinctNumbers)} repeated`,
    writers: '-',
    figure: run.check.drainMs,
    unit: 'ms to drain',
  });
  return [row(single, 1), row(scaled, scaled.load.rps / single.load.rps), emails(single), emails(scaled)];
}

const SCALE_OUT_NOTES = [
  '(17) separate OS processes, each the compiled entry point as `npm run start:api` / `start:worker` runs it',
  '    (NODE_ENV=production, LOG_LEVEL=silent, its own port), on a fresh database and Redis prefix per row; SendGrid a',
  '    double in the bench process; autocannon in its own, connection i to API i mod n. Each connection sends rounds of',
  "    createInvoice (draws the workspace's next number), sendInvoice (emails the client's 2 contacts through the",
  '    outbox, the dispatcher, BullMQ and a worker) and a project overview twice (compared byte for byte; the writes are',
  '    checked for data, no errors and the status they must have). One turn each, one after the other, not interleaved.',
  '    ON THIS 2-CORE MACHINE THIS SHOWS CORRECTNESS ACROSS PROCESSES AND THE COST OF MORE PROCESSES, NOT A SPEED-UP:',
  '    three APIs and two workers share the two cores (and PostgreSQL) that one API and one worker had.',
  "(18) after the load: until every email the read models call for (each sent invoice × its client's live contacts)",
  '    reached the double and the queue is empty; then each (invoice, recipient) must have had exactly one call, and',
  '    every invoice number in the workspace must be distinct. Any violation fails the bench.',
];

const LIVE_NOTES = [
  '(10) the compiled API alone in a child process; the subscribers (graphql-ws, a member token) in another; the worker',
  '    (its live publisher follows the log, publishes on the Redis bus) in this one, beside the mutations, sent one at a',
  "    time. Latency: the send time is stamped into the link's title, each subscriber takes it from its arrival (same",
  '    machine, performance.timeOrigin + now() in both). "vs" for (10): the ratio to the round trip, at p50. The idle poll',
  "    of the log (ProcessorRunner's default 200 ms; the live publisher now polls every 25 ms) is paid by an entry whose",
  '    event finds the publisher asleep: up to the whole poll, about half of it on average.',
  '(11) a fresh API; the slope of its resident memory (/proc VmRSS) over the steps, read after a full GC (the API run',
  '    with --expose-gc and bench/gc-on-signal.mjs; the figures before it are printed above); the 512 MiB figure extends',
  '    that line past what was opened: an extrapolation, not a measurement.',
];

/**
 * `npm run bench`: our event store against Emmett's PostgreSQL store on the
 * same server, each in a fresh database of its own that is dropped at the end.
 * Aims are printed beside the figures; only a real error makes the exit code non-zero.
 */
async function main(): Promise<void> {
  const config = loadBenchConfig();
  const databases = new BenchDatabases(config.serverUrl);
  const pools: Pool[] = [];
  /** What a bench running now must undo before its databases go (the scale-out bench's processes and Redis keys). */
  const cleanups = new Set<() => Promise<void>>();
  const started = performance.now();
  const log = (line: string) =>
    process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);
  /** A figure, printed the moment it is measured (the table at the end repeats them side by side). */
  const figure = (line: string) => console.log(line);

  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: dropping the benchmark databases`);
    void Promise.allSettled([...pools.map((pool) => pool.end()), ...[...cleanups].map((f) => f())])
      .then(() => databases.dropAll())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const [{ version }] = await serverQuery<{ version: string }>(config.serverUrl, 'SELECT version()');
    const cpu = cpus();
    const loadAtStart = formatLoad();
    console.log(
      `machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, ${version}`,
    );
    console.log(
      `pool: ${config.poolSize} connections each: ours createPool(url, { max: ${config.poolSize} }) as portal_app; ` +
        `Emmett a pg.Pool({ max: ${config.poolSize} }) given as connectionOptions.pool (dumbo's own pool would be pg's default 10)`,
    );
    console.log(
      `timing: ${config.seconds} s measured per figure (BENCH_SECONDS) after ${config.warmupSeconds} s warm-up, ` +
        `taken in ${config.slices} turns interleaved with the figures it is compared to`,
    );
    console.log(
      `databases: ${databases.prefix}_{emmett,ours,rebuild} on ${new URL(config.serverUrl).host}, dropped at the end`,
    );

    /** Each bench that can also run alone, run once: by its name, or in the whole run below. */
    const run = {
      writes: () => benchWrites({ config, databases, pools, cleanups, log, figure }),
      live: async () => benchLive(await databases.createMigrated('live'), log, figure),
      hashes: () => benchHashes(databases, config, log, figure),
      history: async () => benchProjectAt(await databases.createMigrated('history'), 20, log, figure),
      read: async () => benchReadPath(await databases.createMigrated('read'), config.seconds, log, figure),
      scaleOut: () =>
        benchScaleOut(
          databases,
          config.seconds,
          config.warmupSeconds,
          config.killWorker,
          cleanups,
          log,
          figure,
        ),
    };

    if (only.length) {
      /** The benches that run alone: each its rows and notes. */
      const alone: Record<string, () => Promise<{ rows: Row[]; notes: string[] }>> = {
        writes: async () => {
          const writes = await run.writes();
          return { rows: writeRows(config, writes), notes: writeNotes(config, writes) };
        },
        live: async () => ({ rows: liveRows(await run.live()), notes: LIVE_NOTES }),
        'verify-log': async () => ({ rows: hashRows(await run.hashes()), notes: HASH_NOTES }),
        'project-at': async () => ({ rows: projectAtRows(await run.history()), notes: PROJECT_AT_NOTES }),
        'read-path': async () => ({ rows: readPathRows(await run.read()), notes: READ_PATH_NOTES }),
        'scale-out': async () => ({ rows: scaleOutRows(await run.scaleOut()), notes: SCALE_OUT_NOTES }),
      };
      const unknown = only.filter((name) => !(name in alone));
      if (unknown.length)
        throw new Error(
          `unknown bench ${unknown.join(', ')}: the ones that run alone are ${Object.keys(alone).join(', ')}`,
        );
      // One bench: the one named; of several, verify-log if named, else live.
      const name = only.every((named) => named === only[0])
        ? only[0]
        : only.includes('verify-log')
          ? 'verify-log'
          : 'live';
      const { rows, notes } = await alone[name]();
      console.log('');
      console.log(formatTable(rows));
      console.log('');
      console.log(
        [...notes, `Load average ${formatLoad()} at the end, ${loadAtStart} at the start.`].join('\n'),
      );
      log('done');
      return;
    }

    log('creating databases and running migrations…');
    const writes = await run.writes();
    const rebuildUrl = await databases.createMigrated('rebuild');

    const rebuildPool = createPool(rebuildUrl, { max: config.poolSize, applicationName: 'portal-bench' });
    pools.push(rebuildPool);
    const rebuild = await benchRebuild(config, rebuildPool, rebuildUrl, log);
    figure(
      `(5) rebuild: ${formatInteger(rebuild.eventsPerSecond)} events/s (median of ${rebuild.timed.length} runs)`,
    );

    const timelinePool = createPool(await databases.createMigrated('timeline'), {
      max: 4,
      applicationName: 'portal-bench',
    });
    pools.push(timelinePool);
    const timeline = await benchTimelinePages(timelinePool, config.seconds, log);
    for (const figures of timeline)
      figure(
        `(6) timeline page, project of ${formatInteger(figures.entries)} entries: ${formatInteger(figures.pagesPerSecond)} pages/s`,
      );
    const portalUrl = await databases.createMigrated('portal');
    const portal = await benchPortal(portalUrl, config.seconds, config.slices, log, figure);
    const startup = await benchStartup(portalUrl, log, figure);
    const live = await run.live();
    const hashes = await run.hashes();
    const history = await run.history();
    const read = await run.read();
    const scaleOut = await run.scaleOut();

    const rows: Row[] = writeRows(config, writes);
    rows.push({
      id: '5',
      name: `rebuildProjections, ${formatInteger(rebuild.seeded.events)} ledger events (median of ${rebuild.timed.length})`,
      writers: '-',
      figure: rebuild.eventsPerSecond,
      unit: 'events/s',
      aim: aimAtLeast('≥ 50,000/s', rebuild.eventsPerSecond, 50_000),
    });

    const [small, large] = timeline;
    for (const figures of timeline) {
      const cost = small.pagesPerSecond / figures.pagesPerSecond;
      rows.push({
        id: '6',
        name: `timeline page of 20 (and the next by cursor), project of ${formatInteger(figures.entries)} entries`,
        writers: '1',
        figure: figures.pagesPerSecond,
        unit: 'pages/s',
        measurement: { ...figures.measurement },
        aim:
          figures === large
            ? { text: `cost ${cost.toFixed(2)}× the small one, aim ≤ 1.5×`, met: cost <= 1.5 }
            : undefined,
      });
    }

    rows.push({
      id: '7',
      name: `requestLoginLink to the SendGrid call, ${portal.signIn.samples} requests (log, dispatcher, BullMQ, worker)`,
      writers: '1',
      figure: portal.signIn.p50,
      unit: 'ms p50',
      measurement: {
        writers: 1,
        operations: portal.signIn.samples,
        units: portal.signIn.samples,
        seconds: 0,
        unitsPerSecond: 0,
        p50Ms: portal.signIn.p50,
        p99Ms: portal.signIn.p99,
        maxMs: portal.signIn.max,
        clientCpu: Number.NaN,
      },
      aim: { text: 'p99 < 1,000 ms', met: portal.signIn.p99 < 1000 },
    });
    for (const [label, figures] of [
      ['{ __typename }', portal.trivial],
      ["a contact's project overview (project, timeline 20, documents, invoices, tasks)", portal.overview],
    ] as const) {
      const ratio = figures.rps / portal.trivial.rps;
      rows.push({
        id: '8',
        name: label,
        writers: String(portal.connections),
        figure: figures.rps,
        unit: 'requests/s',
        measurement: {
          writers: portal.connections,
          operations: 0,
          units: 0,
          seconds: config.seconds,
          unitsPerSecond: figures.rps,
          p50Ms: Number.NaN,
          p99Ms: figures.p99,
          maxMs: Number.NaN,
          clientCpu: Number.NaN,
        },
        aim:
          figures === portal.overview
            ? { text: `${ratio.toFixed(2)}× the trivial query, aim ≥ 0.4×`, met: ratio >= 0.4 }
            : undefined,
      });
    }

    for (const [variant, figures] of Object.entries(startup.variants))
      rows.push({
        id: '9',
        name: `npm run start:api ${variant}: start to /healthz (median of ${figures.starts}); RSS once ready ${figures.rssMiB.toFixed(0)} MiB`,
        writers: '-',
        figure: figures.startMs,
        unit: 'ms',
      });

    rows.push(...liveRows(live));
    rows.push(...hashRows(hashes));
    rows.push(...projectAtRows(history));
    rows.push(...readPathRows(read));
    rows.push(...scaleOutRows(scaleOut));

    const rates = (results: { events: number; seconds: number }[]) =>
      results.map((result) => formatInteger(result.events / result.seconds)).join(', ');
    console.log('');
    console.log(formatTable(rows));
    console.log('');
    console.log(
      [
        ...writeNotes(config, writes),
        `(5) seeded ${formatInteger(rebuild.seeded.events)} events on ${formatInteger(rebuild.seeded.streams)} streams in ` +
          `${rebuild.seeded.seconds.toFixed(1)} s (store.append, ${config.batchSize} per call); cold run ${rates([rebuild.cold])} events/s, ` +
          `timed runs ${rates(rebuild.timed)} events/s; ledger_balances checked after each.`,
        `(6) ${formatInteger(large.entries)} entries cost ${(small.pagesPerSecond / large.pagesPerSecond).toFixed(2)}× the ${formatInteger(small.entries)}-entry page ` +
          "(pages/s ratio); each page merges two keyset index scans (the project's entries and its client's).",
        ...LIVE_NOTES,
        ...HASH_NOTES,
        ...PROJECT_AT_NOTES,
        ...READ_PATH_NOTES,
        ...SCALE_OUT_NOTES,
        'p50/p99/max: per call, including the wait for a pooled connection. node CPU: this process (the client side) busy,',
        `    as a share of one core. Load average ${formatLoad()} at the end, ${loadAtStart} at the start: other work on the`,
        '    machine or the server shifts every figure; compared figures are interleaved so that it shifts them alike.',
        'Aims are shown, never enforced.',
      ].join('\n'),
    );
    log('done');
  } finally {
    await Promise.allSettled([...[...cleanups].map((f) => f()), ...pools.map((pool) => pool.end())]);
    if (!interrupted) {
      log('dropping the benchmark databases');
      await databases.dropAll();
    }
  }
}

main().catch((error: unknown) => {
  if (interrupted) return;
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
