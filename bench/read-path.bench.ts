import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printSchema } from 'graphql';
import { createAppContext } from '../server/src/app-context';
import { parseConfig } from '../server/src/config';
import { graphqlSchema } from '../server/src/graphql/schema';
import {
  EMBEDDED_S3_ACCESS_KEY,
  EMBEDDED_S3_SECRET_KEY,
  startEmbeddedS3,
} from '../server/src/integrations/embedded-s3.server';
import { buildServerIfStale, gqlTo, rssBytes, spawnApi, spawnServer, type BenchProcess } from './api.process';
import { serverQuery } from './bench.database';
import { LoadGenerator, type LoadResult } from './load.generator';
import { aimAtLeast, type Row } from './bench.report';

const CONNECTIONS = 32;
const ROUNDS = 3;
const MEMBER_PROJECTS = 50;
const MIB = 1024 * 1024;
/** The renames a second of the overview's measure under writes (another project of the workspace). */
const WRITES_PER_SECOND = 100;

/** A contact's project overview: the project, 20 timeline entries, 10 documents, 10 invoices, 20 tasks with comments. */
export const OVERVIEW = `query($id: ID!) { project(id: $id) { id name status
  timeline(first: 20) { edges { cursor node { id occurredAt type summary actor { kind name } } } pageInfo { hasNextPage endCursor } }
  documents { id kind name url sharedAt } invoices { id number status total amountDue dueDate overdue }
  tasks { id title status assignee { name } comments { id body } } } }`;

/** A member's projects with their clients' contacts and 20 timeline entries each. */
export const MEMBER_PROJECTS_QUERY = `{ projects { id name status client { id name contacts { id name email } }
  timeline(first: 20) { edges { cursor node { id occurredAt type summary } } pageInfo { hasNextPage endCursor } } } }`;

export interface Ratio {
  /** The service's req/s over the ceiling's in each round, in round order. */
  perRound: number[];
  median: number;
  min: number;
  max: number;
}

/** A turn's load, and the CPU per request (ms) of the server and of PostgreSQL during it. */
export interface TurnResult extends LoadResult {
  serverCpuMs: number;
  postgresCpuMs: number;
}

const CLOCK_TICK_MS = 10;
/** A process's CPU time so far (user and system, /proc/PID/stat), in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}
/** The CPU time so far of every postgres process of the machine, in ms (other work on the server counts too). */
function postgresCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += cpuMs(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

export interface ReadPathMeasure {
  label: string;
  service: TurnResult[];
  bare: TurnResult[];
  ratio: Ratio;
  /** null: a figure beside the aimed one (the same query with every answer computed, or under writes). */
  aim: number | null;
  /** Under writes: the renames sent per second, and the API's answers given from memory and computed again. */
  writes?: { perSecond: number; hits: number; stale: number; misses: number; rested: number };
}

export interface ReadPathFigures {
  measures: ReadPathMeasure[];
  memory: {
    service: { idle: number; afterLoad: number; afterGc: number };
    bare: { idle: number; afterLoad: number; afterGc: number };
  };
  turnSeconds: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export function ratioOf(service: TurnResult[], bare: TurnResult[]): Ratio {
  const perRound = service.map((result, round) => result.rps / bare[round].rps);
  return { perRound, median: median(perRound), min: Math.min(...perRound), max: Math.max(...perRound) };
}

/**
 * One workspace: the overview's project (a client with one contact, 20 tasks with a comment each,
 * 10 shared documents, 10 sent invoices, a timeline of more than 20 entries), and 49 more
 * projects over 5 clients of 3 contacts, each renamed 20 times (20 timeline entries each).
 */
export async function seed(databaseUrl: string, prefix: string, apiUrl: string) {
  const context = createAppContext(
    parseConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      PORT: '4000',
      DATABASE_URL: databaseUrl,
      REDIS_PREFIX: prefix,
    }),
  );
  try {
    const created = await context.services.workspaces.createWorkspace(
      {
        name: 'Read Bench',
        slug: 'read-bench',
        ownerName: 'Read Owner',
        ownerEmail: 'owner@read-bench.test',
      },
      { kind: 'SYSTEM', id: null, name: 'Bench' },
      'bench',
    );
    const post = gqlTo(apiUrl);
    const gql = (
      query: string,
      variables: Record<string, unknown> = {},
      token: string | null = created.apiToken,
    ) => post(query, variables, token);
    await gql(
      `mutation { updateTaskSettings(input: { visibility: ALL, clientsCanCreate: true, clientsCanEdit: true, clientsCanComment: true }) { id } }`,
    );
    const client = (
      await gql(
        `mutation { createClient(input: { name: "Overview Co", contacts: [{ name: "Cora Contact", email: "cora@read-bench.test" }] }) { id } }`,
      )
    ).createClient.id as string;
    const projectId = (
      await gql(`mutation($c: ID!) { createProject(input: { clientId: $c, name: "Overview" }) { id } }`, {
        c: client,
      })
    ).createProject.id as string;
    for (let i = 0; i < 10; i++) {
      await gql(
        `mutation($p: ID!, $t: String!) { shareLink(projectId: $p, title: $t, url: "https://example.test/doc") { id } }`,
        { p: projectId, t: `Document ${i}` },
      );
      const invoice = await gql(
        `mutation($p: ID!) { createInvoice(input: { projectId: $p, currency: "USD", lineItems: [{ description: "Work", quantity: 3, unitAmount: 12500 }] }) { id } }`,
        { p: projectId },
      );
      await gql(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: invoice.createInvoice.id });
    }
    for (let i = 0; i < 20; i++) {
      const task = await gql(
        `mutation($p: ID!, $t: String!) { createTask(input: { projectId: $p, title: $t }) { id } }`,
        { p: projectId, t: `Task ${i}` },
      );
      await gql(`mutation($t: ID!) { commentOnTask(taskId: $t, body: "Looks good") { id } }`, {
        t: task.createTask.id,
      });
    }
    const clients: string[] = [];
    for (let c = 0; c < 5; c++)
      clients.push(
        (
          await gql(
            `mutation($n: String!, $k: [ContactInput!]!) { createClient(input: { name: $n, contacts: $k }) { id } }`,
            {
              n: `Client ${c}`,
              k: [0, 1, 2].map((k) => ({ name: `Contact ${c}.${k}`, email: `c${c}.${k}@read-bench.test` })),
            },
          )
        ).createClient.id,
      );
    const renamed: string[] = [];
    for (let p = 1; p < MEMBER_PROJECTS; p++) {
      const id = (
        await gql(
          `mutation($c: ID!, $n: String!) { createProject(input: { clientId: $c, name: $n }) { id } }`,
          {
            c: clients[p % clients.length],
            n: `Project ${p}`,
          },
        )
      ).createProject.id;
      renamed.push(id);
      for (let r = 0; r < 20; r++)
        await gql(`mutation($id: ID!, $n: String!) { renameProject(id: $id, name: $n) { id } }`, {
          id,
          n: `Project ${p}.${r}`,
        });
    }
    // The contact's session, as the portal makes it: a link asked for, its token (from the outbox), signed in.
    await gql(`mutation { requestLoginLink(slug: "read-bench", email: "cora@read-bench.test") }`, {}, null);
    const rows = await serverQuery<{ token: string }>(
      databaseUrl,
      `SELECT payload->>'token' AS token FROM email_outbox WHERE payload ? 'token' ORDER BY created_at DESC LIMIT 1`,
    );
    const response = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($t: String!) { signInWithLoginLink(token: $t) { contact { id } } }',
        variables: { t: rows[0].token },
      }),
    });
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error(`signInWithLoginLink set no cookie: ${await response.text()}`);
    return { projectId, cookie, member: `Bearer ${created.apiToken}`, renamed };
  } finally {
    await context.close();
  }
}

/** The API's answers given from memory and computed so far, from its /metrics (loopback needs no token). */
async function keptAnswers(url: string): Promise<Record<'hit' | 'miss' | 'stale' | 'rested', number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const count = (outcome: string) =>
    Number(
      new RegExp(`portal_graphql_kept_answers_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? NaN,
    );
  return { hit: count('hit'), miss: count('miss'), stale: count('stale'), rested: count('rested') };
}

/**
 * Renames projects WRITES_PER_SECOND times a second as a member, until stop(): how many were
 * answered. At most one rename of a project at once (two would conflict), eight at most in all.
 */
function startRenames(url: string, authorization: string, projectIds: string[]) {
  let sent = 0;
  let answered = 0;
  let failed: string | null = null;
  const running = new Set<Promise<void>>();
  const busy = new Set<string>();
  const started = Date.now();
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * WRITES_PER_SECOND);
    while (sent < due && running.size < 8) {
      const projectId = projectIds.find((id) => !busy.has(id));
      if (!projectId) break;
      busy.add(projectId);
      const n = sent++;
      const request: Promise<void> = fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({
          query: 'mutation($id: ID!, $n: String!) { renameProject(id: $id, name: $n) { id } }',
          variables: { id: projectId, n: `Renamed ${n}` },
        }),
      })
        .then(async (response) => {
          const json = (await response.json()) as { errors?: unknown };
          if (json.errors) failed ??= JSON.stringify(json.errors);
          else answered++;
        })
        .catch((error: Error) => {
          failed ??= error.message;
        })
        .finally(() => {
          running.delete(request);
          busy.delete(projectId);
        });
      running.add(request);
    }
  }, 5);
  return {
    async stop(): Promise<number> {
      clearInterval(timer);
      await Promise.all(running);
      if (failed) throw new Error(`a rename under load failed: ${failed}`);
      return answered;
    },
  };
}

async function answerOf(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  const parsed = JSON.parse(text) as { data?: unknown; errors?: unknown };
  if (!response.ok || parsed.errors || !parsed.data) throw new Error(`the benchmark query failed: ${text}`);
  return text;
}

/**
 * The read path against its ceiling: the compiled API in production mode, alone in a child process,
 * beside a bare Apollo Server 5 on graphql-js (bench/bare-apollo.process.mjs) that serves the same
 * JSON from memory with the API's own schema. autocannon in a third process, 32 connections; the
 * two servers in turns (bare, API; then the next measure), three rounds; every answer of both must
 * equal, byte for byte, the answer the API gave before the run. Each round gives a ratio; the
 * median and the range are printed. Memory: both processes' RSS idle, after the load, after a GC.
 */
export async function benchReadPath(
  databaseUrl: string,
  seconds: number,
  log: (line: string) => void,
  figure: (line: string) => void,
): Promise<ReadPathFigures> {
  buildServerIfStale();
  const prefix = `bench-read-${process.pid}-${Date.now().toString(36)}`;
  const turnSeconds = Math.max(2, Math.round(seconds / 2));
  const scratch = mkdtempSync(join(tmpdir(), 'read-bench-'));
  const processes: BenchProcess[] = [];
  const generator = new LoadGenerator();
  // The files' S3 in this process, as production has one of its own: the API's memory is then its own.
  const s3 = await startEmbeddedS3({
    directory: join(scratch, 's3'),
    bucket: 'portal',
    maxPostBytes: 1024 * 1024,
  });
  try {
    const apiEnv = {
      DB_POOL_SIZE: '20',
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY: EMBEDDED_S3_ACCESS_KEY,
      S3_SECRET_KEY: EMBEDDED_S3_SECRET_KEY,
      // GRAPHQL_EXECUTOR=graphql-js: the API without graphql-jit, for what the compiled executor gains.
      ...(process.env.GRAPHQL_EXECUTOR ? { GRAPHQL_EXECUTOR: process.env.GRAPHQL_EXECUTOR } : {}),
    };
    const api = await spawnApi(databaseUrl, prefix, apiEnv);
    processes.push(api);
    log(`seeding the read path's workspace (${MEMBER_PROJECTS} projects) through the API…`);
    const { projectId, cookie, member, renamed } = await seed(databaseUrl, prefix, api.url);
    // The same build with every answer computed (no answer kept), in the same turns: what keeping gains.
    const computed = await spawnApi(databaseUrl, prefix, { ...apiEnv, GRAPHQL_ANSWER_CACHE: 'off' });
    processes.push(computed);
    const loads: {
      label: string;
      aim: number;
      body: string;
      headers: Record<string, string>;
      /** An answer the API keeps: measured with every answer computed too. */
      kept?: boolean;
    }[] = [
      {
        label: '{ __typename }',
        aim: 0.8,
        body: JSON.stringify({ query: '{ __typename }' }),
        headers: { cookie },
      },
      {
        label:
          "a contact's project overview (project, 20 timeline entries, 10 documents, 10 invoices, 20 tasks with comments)",
        aim: 0.7,
        body: JSON.stringify({ query: OVERVIEW, variables: { id: projectId } }),
        headers: { cookie },
        kept: true,
      },
      {
        label: `a member's projects { client { contacts } timeline(first: 20) }, ${MEMBER_PROJECTS} projects`,
        aim: 0.7,
        body: JSON.stringify({ query: MEMBER_PROJECTS_QUERY }),
        headers: { authorization: member },
        kept: true,
      },
    ];
    // BENCH_READ_QUERIES=1,2: only those of the three (0 { __typename }, 1 the overview, 2 the member's list), for a profile.
    const chosen = process.env.BENCH_READ_QUERIES?.split(',').map(Number);
    if (chosen) loads.splice(0, loads.length, ...loads.filter((_, i) => chosen.includes(i)));
    const expected = await Promise.all(loads.map((load) => answerOf(api.url, load.body, load.headers)));
    for (const [i, load] of loads.entries())
      if ((await answerOf(computed.url, load.body, load.headers)) !== expected[i])
        throw new Error(`the API with every answer computed answers otherwise for ${load.label}`);
    writeFileSync(join(scratch, 'schema.graphql'), printSchema(await graphqlSchema()));
    writeFileSync(
      join(scratch, 'answers.json'),
      JSON.stringify(
        loads.map((load, i) => ({ query: JSON.parse(load.body).query, data: JSON.parse(expected[i]).data })),
      ),
    );
    const bare = await spawnServer(['bench/bare-apollo.process.mjs'], {
      NODE_ENV: 'production',
      BARE_SCHEMA: join(scratch, 'schema.graphql'),
      BARE_ANSWERS: join(scratch, 'answers.json'),
    });
    processes.push(bare);
    for (const [i, load] of loads.entries()) {
      const answer = await answerOf(bare.url, load.body, load.headers);
      if (answer !== expected[i])
        throw new Error(`the bare server's answer differs for ${load.label}: ${answer.slice(0, 300)}`);
    }
    await Promise.all([api.collect(), bare.collect()]);
    const idle = { service: rssBytes(api.pid), bare: rssBytes(bare.pid) };
    const servers = (load: (typeof loads)[number]) => (load.kept ? [bare, api, computed] : [bare, api]);
    /** A turn, with the CPU the server and PostgreSQL (every postgres process of the machine) spent on it. */
    const run = async (server: BenchProcess, i: number, turn: number): Promise<TurnResult> => {
      const before = { server: cpuMs(server.pid), postgres: postgresCpuMs() };
      const result = await generator.run({
        url: `${server.url}/graphql`,
        body: loads[i].body,
        headers: loads[i].headers,
        connections: CONNECTIONS,
        seconds: turn,
        expected: expected[i],
      });
      return {
        ...result,
        serverCpuMs: (cpuMs(server.pid) - before.server) / result.requests,
        postgresCpuMs: (postgresCpuMs() - before.postgres) / result.requests,
      };
    };
    log(`warm-up: each query on each server for 1 s…`);
    for (const [i, load] of loads.entries()) for (const server of servers(load)) await run(server, i, 1);
    const results = loads.map(() => ({
      service: [] as TurnResult[],
      bare: [] as TurnResult[],
      computed: [] as TurnResult[],
    }));
    for (let round = 0; round < ROUNDS; round++) {
      log(
        `round ${round + 1} of ${ROUNDS}: ${loads.length} queries, bare then the API (then with every answer computed), ${turnSeconds} s each…`,
      );
      for (const [i, load] of loads.entries()) {
        results[i].bare.push(await run(bare, i, turnSeconds));
        results[i].service.push(await run(api, i, turnSeconds));
        if (load.kept) results[i].computed.push(await run(computed, i, turnSeconds));
      }
    }
    // The overview while a member renames other projects of the workspace WRITES_PER_SECOND times a
    // second through the API: each rename moves the workspace's log, so the API computes the
    // overview again after each (its answer is unchanged: the renamed project is not in it).
    const overview = loads.findIndex((load) => load.body.includes('"variables":{"id"'));
    const underWrites = {
      service: [] as TurnResult[],
      bare: [] as TurnResult[],
      computed: [] as TurnResult[],
    };
    const writeCounts: NonNullable<ReadPathMeasure['writes']>[] = [];
    if (overview >= 0) {
      for (let round = 0; round < ROUNDS; round++) {
        log(
          `under writes, round ${round + 1} of ${ROUNDS}: the overview, ${WRITES_PER_SECOND} renames a second…`,
        );
        for (const [server, list] of [
          [bare, underWrites.bare],
          [api, underWrites.service],
          [computed, underWrites.computed],
        ] as const) {
          const before = await keptAnswers(api.url);
          // The renames go to the API being measured (to the one that keeps answers in the ceiling's turn).
          const writer = startRenames(server === bare ? api.url : server.url, member, renamed);
          list.push(await run(server, overview, turnSeconds));
          const sent = await writer.stop();
          const after = await keptAnswers(api.url);
          if (server === api)
            writeCounts.push({
              perSecond: sent / turnSeconds,
              hits: after.hit - before.hit,
              stale: after.stale - before.stale,
              misses: after.miss - before.miss,
              rested: after.rested - before.rested,
            });
        }
      }
    }
    const memory = {
      service: { idle: idle.service, afterLoad: rssBytes(api.pid), afterGc: 0 },
      bare: { idle: idle.bare, afterLoad: rssBytes(bare.pid), afterGc: 0 },
    };
    await Promise.all([api.collect(), bare.collect()]);
    memory.service.afterGc = rssBytes(api.pid);
    memory.bare.afterGc = rssBytes(bare.pid);
    const measures: ReadPathMeasure[] = [];
    for (const [i, load] of loads.entries()) {
      const { service, bare: ceiling, computed: everyAnswer } = results[i];
      measures.push({
        label: load.label,
        aim: load.aim,
        service,
        bare: ceiling,
        ratio: ratioOf(service, ceiling),
      });
      if (load.kept)
        measures.push({
          label: `${load.label}, every answer computed (GRAPHQL_ANSWER_CACHE=off)`,
          aim: null,
          service: everyAnswer,
          bare: ceiling,
          ratio: ratioOf(everyAnswer, ceiling),
        });
    }
    if (overview >= 0) {
      const label = `${loads[overview].label}, under ${WRITES_PER_SECOND} renames a second of other projects of the workspace`;
      const medianOf = (key: keyof NonNullable<ReadPathMeasure['writes']>) =>
        median(writeCounts.map((c) => c[key]));
      measures.push(
        {
          label,
          aim: null,
          service: underWrites.service,
          bare: underWrites.bare,
          ratio: ratioOf(underWrites.service, underWrites.bare),
          writes: {
            perSecond: medianOf('perSecond'),
            hits: medianOf('hits'),
            stale: medianOf('stale'),
            misses: medianOf('misses'),
            rested: medianOf('rested'),
          },
        },
        {
          label: `${label}, every answer computed`,
          aim: null,
          service: underWrites.computed,
          bare: underWrites.bare,
          ratio: ratioOf(underWrites.computed, underWrites.bare),
        },
      );
    }
    for (const measure of measures) {
      for (const [who, list] of [
        ['bare Apollo', measure.bare],
        ['the API', measure.service],
      ] as const) {
        const wrong = list.reduce((sum, r) => sum + r.wrong + r.errors + r.non2xx, 0);
        figure(
          `(15) ${measure.label}, ${who}: ${list.map((r) => Math.round(r.rps)).join(' / ')} req/s, ` +
            `p99 ${list.map((r) => r.p99.toFixed(0)).join(' / ')} ms; CPU per request: server ${list.map((r) => r.serverCpuMs.toFixed(2)).join(' / ')} ms, ` +
            `PostgreSQL ${list.map((r) => r.postgresCpuMs.toFixed(2)).join(' / ')} ms; ${list.reduce((s, r) => s + r.requests, 0)} answers checked, ${wrong} wrong` +
            (wrong ? ` (first: ${list.find((r) => r.firstWrong)?.firstWrong})` : ''),
        );
        if (wrong) throw new Error(`${measure.label}, ${who}: ${wrong} wrong answers`);
      }
      figure(
        `(15) ${measure.label}: ${measure.ratio.median.toFixed(2)}× the ceiling (rounds ${measure.ratio.perRound.map((r) => r.toFixed(2)).join(', ')})` +
          (measure.writes
            ? `; renames sent ${measure.writes.perSecond.toFixed(0)}/s; the API's answers per turn: ${measure.writes.hits} from memory, ${measure.writes.stale} computed again after the log moved, ${measure.writes.misses} with none kept, ${measure.writes.rested} computed at rest (medians)`
            : ''),
      );
    }
    const mib = (bytes: number) => (bytes / MIB).toFixed(0);
    figure(
      `(16) RSS idle / after load / after a full GC: the API ${mib(memory.service.idle)} / ${mib(memory.service.afterLoad)} / ${mib(memory.service.afterGc)} MiB, ` +
        `bare Apollo ${mib(memory.bare.idle)} / ${mib(memory.bare.afterLoad)} / ${mib(memory.bare.afterGc)} MiB`,
    );
    return { measures, memory, turnSeconds };
  } finally {
    generator.close();
    await Promise.allSettled(processes.map((p) => p.stop()));
    await s3.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The read path's rows of the table: each ceiling, then the API with its ratio (median of the rounds) and range. */
export function readPathRows(figures: ReadPathFigures): Row[] {
  const rows: Row[] = [];
  const medianRound = (list: TurnResult[]) =>
    [...list].sort((a, b) => a.rps - b.rps)[Math.floor(list.length / 2)];
  const measurement = (result: LoadResult, seconds: number) => ({
    writers: CONNECTIONS,
    operations: result.requests,
    units: result.requests,
    seconds,
    unitsPerSecond: result.rps,
    p50Ms: result.p50,
    p99Ms: result.p99,
    maxMs: Number.NaN,
    clientCpu: Number.NaN,
  });
  let previousCeiling: TurnResult[] | null = null;
  for (const measure of figures.measures) {
    const bare = medianRound(measure.bare);
    const service = medianRound(measure.service);
    const { ratio } = measure;
    // A measure beside another in the same turns shares its ceiling's row.
    if (measure.bare !== previousCeiling)
      rows.push({
        id: '15',
        name: `bare Apollo 5 + graphql-js from memory (the ceiling): ${measure.label}; CPU ${bare.serverCpuMs.toFixed(2)} ms per request`,
        writers: String(CONNECTIONS),
        figure: bare.rps,
        unit: 'requests/s',
        measurement: measurement(bare, figures.turnSeconds),
        ratio: 1,
      });
    previousCeiling = measure.bare;
    rows.push({
      id: '15',
      name:
        `the API: ${measure.label}; ratio range ${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}×; ` +
        `CPU ${service.serverCpuMs.toFixed(2)} ms + PostgreSQL ${service.postgresCpuMs.toFixed(2)} ms per request`,
      writers: String(CONNECTIONS),
      figure: service.rps,
      unit: 'requests/s',
      measurement: measurement(service, figures.turnSeconds),
      ratio: ratio.median,
      ...(measure.aim === null
        ? {}
        : { aim: aimAtLeast(`≥ ${measure.aim}× the ceiling`, ratio.median, measure.aim) }),
    });
  }
  const { service, bare } = figures.memory;
  const memoryRatio = service.afterLoad / bare.afterLoad;
  rows.push(
    {
      id: '16',
      name: `bare Apollo's RSS after the load (idle ${(bare.idle / MIB).toFixed(0)} MiB, after a full GC ${(bare.afterGc / MIB).toFixed(0)} MiB)`,
      writers: '-',
      figure: bare.afterLoad / MIB,
      unit: 'MiB',
      ratio: 1,
    },
    {
      id: '16',
      name: `the API's RSS after the load (idle ${(service.idle / MIB).toFixed(0)} MiB, after a full GC ${(service.afterGc / MIB).toFixed(0)} MiB)`,
      writers: '-',
      figure: service.afterLoad / MIB,
      unit: 'MiB',
      ratio: memoryRatio,
      aim: { text: '≤ 2× bare Apollo', met: memoryRatio <= 2 },
    },
  );
  return rows;
}

export const READ_PATH_NOTES = [
  '(15) the compiled API in production mode alone in a child process (pool of 20; its S3 in the bench process, as',
  '    production has one elsewhere), beside a bare Apollo Server 5 on',
  "    graphql-js over the same express 5 integration, with the API's own schema printed and no resolver: graphql-js's",
  '    default resolvers walk the answers the API gave, from memory (bench/bare-apollo.process.mjs). autocannon in a',
  '    third process, 32 connections; the ceiling and the API in turns, query by query, three rounds; every answer of',
  '    both compared byte for byte with the API\'s answer taken before the run. "vs" here: the API\'s req/s over the',
  "    ceiling's, the median of the three rounds' ratios (range in the row); the figure is the median round.",
  "    The API keeps the answers of the overview and the member's list while the workspace's log has not moved",
  '    (one statement per request checks it; graphql/answer-cache/). The same build with GRAPHQL_ANSWER_CACHE=off',
  '    computes every answer, in the same turns ("every answer computed"). Then three more rounds of the overview',
  `    while the bench renames other projects of the workspace ${WRITES_PER_SECOND} times a second through the API measured (in`,
  "    the ceiling's turn, through the API that keeps answers): each rename moves the log, and the API computes the",
  '    overview again after it, or rests it (computes it without the check) once the log outran it three times in a row.',
  '(16) VmRSS of both processes after the rounds (and idle before them, and after a full GC: --expose-gc and',
  '    bench/gc-on-signal.mjs); "vs": the API over bare Apollo, after the load.',
];
