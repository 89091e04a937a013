import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAppContext, type AppContext } from '../server/src/app-context';
import { parseConfig } from '../server/src/config';
import { startWorker, type RunningWorker } from '../server/src/worker.server';
import { formatInteger } from './bench.report';
import { buildServerIfStale, gqlTo, rssBytes, spawnApi, type Gql } from './api.process';

/** The poll of the log when it has nothing new: ProcessorRunner's default, which the live publisher had at first. */
const PRODUCTION_IDLE_MS = 200;
/** The live publisher's own poll (live-publisher.processor.ts), as `npm run start:worker` now runs it. */
const SMALL_IDLE_MS = 25;
const SUBSCRIPTIONS = 500;
const SOCKETS = 50;
const PROJECTS = 10;
const EVENTS = 1000;
/** Turns per idle poll, alternating (so that the machine's other work shifts both alike). */
const TURNS = 2;
const CAPACITY_SOCKETS = 2000;
const CAPACITY_STEP = 250;
/** A member may hold LIVE_MAX_SOCKETS_PER_VIEWER sockets (at most 1000): the capacity's sockets are spread over members. */
const SOCKETS_PER_MEMBER = 500;
const MIB = 1024 * 1024;

const percentile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();

export interface Percentiles {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1],
  };
}

export interface LiveFigures {
  subscriptions: number;
  sockets: number;
  projects: number;
  events: number;
  /** Per worker idle poll (ms): mutation sent → entry received at each subscriber, and the same mutations' round trips. */
  latency: Record<number, { delivered: Percentiles; expected: number; roundTrip: Percentiles }>;
  capacity: {
    points: { subscriptions: number; rssBytes: number; rssAfterGcBytes: number }[];
    /** The slope of the RSS after a full GC at each step. */
    bytesPerSubscription: number;
    interceptBytes: number;
    /** (512 MiB − intercept) / slope: an extrapolation past what was opened. */
    in512MiB: number;
    /** The same from the readings before the GC (garbage not yet collected included). */
    asIs: { bytesPerSubscription: number; in512MiB: number };
  };
}

/** bench/live-subscribers.process.mjs: the subscribers in a process of their own, one command at a time over IPC. */
class Subscribers {
  private readonly child: ChildProcess = fork(join(__dirname, 'live-subscribers.process.mjs'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  send<T>(message: Record<string, unknown>): Promise<T> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (answer: { result?: T; error?: string }) =>
        answer.error === undefined
          ? resolve(answer.result as T)
          : reject(new Error(`subscribers: ${answer.error}`)),
      );
      this.child.send(message);
    });
  }

  async open(url: string, sockets: { token: string; projects: string[] }[]) {
    const opened = await this.send<{ opened: number; failed: number; subscriptions: number }>({
      cmd: 'open',
      url,
      sockets,
    });
    if (opened.failed) throw new Error(`${opened.failed} of ${sockets.length} sockets did not open`);
    return opened;
  }

  heard() {
    return this.send<{
      subscriptions: number;
      heard: number;
      errors: number;
      closes: number;
      firstError: string | null;
    }>({ cmd: 'heard' });
  }

  async close() {
    await this.send({ cmd: 'close' });
    this.child.disconnect();
  }
}

const SHARE_LINK = `mutation($p: ID!, $t: String!) { shareLink(projectId: $p, title: $t, url: "https://example.test/doc") { id } }`;

/** A workspace of its own (its owner's API token), a client without contacts, and `projects` projects. */
async function workspaceWithProjects(context: AppContext, gql: Gql, n: number, projects: number) {
  const created = await context.services.workspaces.createWorkspace(
    {
      name: `Live Bench ${n}`,
      slug: `live-bench-${n}`,
      ownerName: `Live Owner ${n}`,
      ownerEmail: `owner${n}@live-bench.test`,
    },
    { kind: 'SYSTEM', id: null, name: 'Bench' },
    'bench',
  );
  const token = created.apiToken;
  const client = await gql(
    `mutation { createClient(input: { name: "Live Co", contacts: [] }) { id } }`,
    {},
    token,
  );
  const ids: string[] = [];
  for (let i = 0; i < projects; i++)
    ids.push(
      (
        await gql(
          `mutation($c: ID!, $n: String!) { createProject(input: { clientId: $c, name: $n }) { id } }`,
          { c: client.createClient.id, n: `Live ${i}` },
          token,
        )
      ).createProject.id,
    );
  return { token, projects: ids };
}

/** Entries sent (one link per project each round) until every subscription has heard one. */
async function untilAllHear(subscribers: Subscribers, shares: () => Promise<unknown>, what: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await shares();
    await sleep(300);
    const heard = await subscribers.heard();
    if (heard.errors || heard.closes)
      throw new Error(`${what}: ${heard.errors} errors, ${heard.closes} closes (${heard.firstError})`);
    if (heard.heard === heard.subscriptions) return heard;
    if (Date.now() > deadline)
      throw new Error(`${what}: ${heard.heard} of ${heard.subscriptions} subscriptions heard within 60 s`);
  }
}

function linearFit(points: { x: number; y: number }[]) {
  const n = points.length;
  const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const my = points.reduce((sum, p) => sum + p.y, 0) / n;
  const slope =
    points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0) /
    points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0);
  return { slope, intercept: my - slope * mx };
}

/**
 * Live updates, end to end: the compiled API alone in a child process, the
 * worker (its live publisher follows the log and publishes on the Redis bus)
 * in this process, beside the mutations it times, and the subscribers in a
 * third process (bench/live-subscribers.process.mjs).
 *
 * Latency: SUBSCRIPTIONS timelineEntryAdded subscriptions (SOCKETS sockets,
 * PROJECTS projects), then EVENTS shareLink mutations, each stamped with its
 * send time in the link's title; each subscriber takes its latency on arrival.
 * Its peer: the same mutations' round trips. Measured with the worker's idle
 * poll as production runs it and with a smaller one, in alternating turns.
 *
 * Capacity: a fresh API, idle sockets of one subscription each opened in
 * steps, the API's resident memory after each; bytes per idle subscription from
 * the slope, extrapolated to 512 MiB.
 */
export async function benchLive(
  databaseUrl: string,
  log: (line: string) => void,
  figure: (line: string) => void,
): Promise<LiveFigures> {
  buildServerIfStale();
  const prefix = `bench-live-${process.pid}-${Date.now().toString(36)}`;
  const context = createAppContext(
    parseConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      PORT: '4000',
      DATABASE_URL: databaseUrl,
      REDIS_PREFIX: prefix,
    }),
  );
  const limits = { LIVE_MAX_SOCKETS_PER_VIEWER: '1000', LIVE_MAX_SUBSCRIPTIONS_PER_SOCKET: '20' };
  let worker: RunningWorker | undefined;
  const startWorkerWith = (idleMs: number) => startWorker(context, { runner: { idleMs } });
  try {
    // ---- Latency ----
    const latency: LiveFigures['latency'] = {};
    {
      const api = await spawnApi(databaseUrl, prefix, limits);
      const subscribers = new Subscribers();
      try {
        const gql = gqlTo(api.url);
        const { token, projects } = await workspaceWithProjects(context, gql, 0, PROJECTS);
        const perSocket = SUBSCRIPTIONS / SOCKETS;
        log(
          `live: ${SUBSCRIPTIONS} subscriptions (${SOCKETS} sockets × ${perSocket}, ${PROJECTS} projects) in their own process…`,
        );
        await subscribers.open(
          api.url,
          Array.from({ length: SOCKETS }, (_, s) => ({
            token,
            projects: Array.from({ length: perSocket }, (_, k) => projects[(s * perSocket + k) % PROJECTS]),
          })),
        );
        worker = startWorkerWith(PRODUCTION_IDLE_MS);
        const shareEach = () =>
          Promise.all(projects.map((p) => gql(SHARE_LINK, { p, t: `warm ${Math.random()}` }, token)));
        await untilAllHear(subscribers, shareEach, 'the latency subscriptions');
        // A warm-up of each poll, not counted.
        for (const idleMs of [PRODUCTION_IDLE_MS, SMALL_IDLE_MS]) {
          await worker.stop();
          worker = startWorkerWith(idleMs);
          for (let i = 0; i < 50; i++)
            await gql(SHARE_LINK, { p: projects[i % PROJECTS], t: `warm ${i}` }, token);
        }
        const delivered: Record<number, number[]> = {};
        const roundTrips: Record<number, number[]> = {};
        const expected: Record<number, number> = {};
        const perTurn = EVENTS / TURNS;
        for (let turn = 0; turn < TURNS; turn++)
          for (const idleMs of [PRODUCTION_IDLE_MS, SMALL_IDLE_MS]) {
            await worker.stop();
            worker = startWorkerWith(idleMs);
            log(
              `live: turn ${turn + 1}/${TURNS}, worker idle poll ${idleMs} ms, ${perTurn} shareLink mutations…`,
            );
            const tag = `t${turn}i${idleMs}`;
            await subscribers.send({ cmd: 'measure', tag });
            const trips = (roundTrips[idleMs] ??= []);
            for (let i = 0; i < perTurn; i++) {
              const sentAt = now();
              await gql(
                SHARE_LINK,
                { p: projects[i % PROJECTS], t: `${tag} ${i} ${sentAt.toFixed(3)}` },
                token,
              );
              trips.push(now() - sentAt);
            }
            // Each entry reaches the subscriptions of its project.
            const want = perTurn * (SUBSCRIPTIONS / PROJECTS);
            expected[idleMs] = (expected[idleMs] ?? 0) + want;
            const deadline = Date.now() + 15_000;
            while (Date.now() < deadline) {
              const { received } = await subscribers.send<{ received: number }>({ cmd: 'count' });
              if (received >= want) break;
              await sleep(100);
            }
            const heard = await subscribers.heard();
            if (heard.errors || heard.closes)
              throw new Error(
                `subscribers: ${heard.errors} errors, ${heard.closes} closes (${heard.firstError})`,
              );
            const { latencies } = await subscribers.send<{ latencies: number[] }>({ cmd: 'results' });
            (delivered[idleMs] ??= []).push(...latencies);
          }
        for (const idleMs of [PRODUCTION_IDLE_MS, SMALL_IDLE_MS]) {
          latency[idleMs] = {
            delivered: percentiles(delivered[idleMs]),
            expected: expected[idleMs],
            roundTrip: percentiles(roundTrips[idleMs]),
          };
          const { delivered: d, roundTrip: r } = latency[idleMs];
          figure(
            `(10) live, worker idle poll ${idleMs} ms: mutation sent → entry at the subscriber, ${formatInteger(d.samples)} of ` +
              `${formatInteger(expected[idleMs])} deliveries (${EVENTS} events × ${SUBSCRIPTIONS / PROJECTS} subscriptions): ` +
              `p50 ${d.p50.toFixed(1)} ms, p95 ${d.p95.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms, max ${d.max.toFixed(1)} ms; ` +
              `the mutation's own round trip p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms ` +
              `(× ${(d.p50 / r.p50).toFixed(1)} at p50, × ${(d.p99 / r.p99).toFixed(1)} at p99)`,
          );
        }
        const slow = latency[PRODUCTION_IDLE_MS].delivered;
        const quick = latency[SMALL_IDLE_MS].delivered;
        figure(
          `(10) the default idle poll of ${PRODUCTION_IDLE_MS} ms against the live publisher's own ${SMALL_IDLE_MS} ms adds ` +
            `${(slow.p50 - quick.p50).toFixed(1)} ms at p50, ${(slow.p99 - quick.p99).toFixed(1)} ms at p99 ` +
            `(an event that finds the publisher asleep waits up to the poll, about half of it on average)`,
        );
      } finally {
        await worker?.stop();
        worker = undefined;
        await subscribers.close().catch(() => undefined);
        await api.stop();
      }
    }

    // ---- Capacity ----
    const api = await spawnApi(databaseUrl, prefix, limits);
    const subscribers = new Subscribers();
    worker = startWorkerWith(SMALL_IDLE_MS);
    const points: { subscriptions: number; rssBytes: number; rssAfterGcBytes: number }[] = [];
    try {
      const gql = gqlTo(api.url);
      const members: { token: string; projects: string[] }[] = [];
      for (let n = 1; n <= CAPACITY_SOCKETS / SOCKETS_PER_MEMBER; n++)
        members.push(await workspaceWithProjects(context, gql, n, 1));
      const shareEach = () =>
        Promise.all(
          members.map((m) => gql(SHARE_LINK, { p: m.projects[0], t: `idle ${Math.random()}` }, m.token)),
        );
      await shareEach();
      await sleep(1000);
      const rss = async () => {
        const readings: number[] = [];
        for (let i = 0; i < 5; i++) {
          await sleep(200);
          readings.push(rssBytes(api.pid));
        }
        return readings.sort((a, b) => a - b)[2];
      };
      const baseline = await rss();
      await api.collect();
      const baselineAfterGc = await rss();
      log(
        `live: idle sockets of one subscription each, ${CAPACITY_STEP} at a time up to ${formatInteger(CAPACITY_SOCKETS)}, ` +
          `the API's resident memory after each step (API ${(baseline / MIB).toFixed(0)} MiB with none, ${(baselineAfterGc / MIB).toFixed(0)} MiB after a full GC)…`,
      );
      for (let open = 0; open < CAPACITY_SOCKETS; open += CAPACITY_STEP) {
        await subscribers.open(
          api.url,
          Array.from({ length: CAPACITY_STEP }, (_, i) => {
            const member = members[Math.floor((open + i) / SOCKETS_PER_MEMBER)];
            return { token: member.token, projects: member.projects };
          }),
        );
        // Every subscription is in the server's hands: each one hears an entry.
        await untilAllHear(subscribers, shareEach, `${open + CAPACITY_STEP} idle subscriptions`);
        await sleep(1000);
        const rssBytes = await rss();
        await api.collect();
        points.push({ subscriptions: open + CAPACITY_STEP, rssBytes, rssAfterGcBytes: await rss() });
      }
    } finally {
      await worker.stop();
      worker = undefined;
      await subscribers.close().catch(() => undefined);
      await api.stop();
    }
    const fit = (of: (point: (typeof points)[number]) => number) => {
      const { slope, intercept } = linearFit(points.map((p) => ({ x: p.subscriptions, y: of(p) })));
      return { slope, intercept, in512MiB: (512 * MIB - intercept) / slope };
    };
    const asIs = fit((p) => p.rssBytes);
    const afterGc = fit((p) => p.rssAfterGcBytes);
    figure(
      `(11) idle subscriptions (one socket each) on one API process, RSS as it was / after a full GC: ` +
        points
          .map(
            (p) =>
              `${formatInteger(p.subscriptions)} → ${(p.rssBytes / MIB).toFixed(0)}/${(p.rssAfterGcBytes / MIB).toFixed(0)} MiB`,
          )
          .join(', '),
    );
    for (const [label, line] of [
      ['after a full GC', afterGc],
      ['as it was (garbage not yet collected included)', asIs],
    ] as const)
      figure(
        `(11) ${label}: ${formatInteger(line.slope)} bytes per idle subscription (least-squares slope); extrapolated, ` +
          `not measured: about ${formatInteger(line.in512MiB)} idle subscriptions in 512 MiB (intercept ${(line.intercept / MIB).toFixed(0)} MiB)`,
      );
    return {
      subscriptions: SUBSCRIPTIONS,
      sockets: SOCKETS,
      projects: PROJECTS,
      events: EVENTS,
      latency,
      capacity: {
        points,
        bytesPerSubscription: afterGc.slope,
        interceptBytes: afterGc.intercept,
        in512MiB: afterGc.in512MiB,
        asIs: { bytesPerSubscription: asIs.slope, in512MiB: asIs.in512MiB },
      },
    };
  } finally {
    await worker?.stop();
    await context.emailQueue.obliterate({ force: true }).catch(() => undefined);
    await context.close();
  }
}
