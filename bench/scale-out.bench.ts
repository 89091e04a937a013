import { spawn, type ChildProcess } from 'node:child_process';
import { buildServerIfStale } from './api.process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import {
  EMBEDDED_S3_ACCESS_KEY,
  EMBEDDED_S3_SECRET_KEY,
  startEmbeddedS3,
} from '../server/src/integrations/embedded-s3.server';
import { EMAIL_QUEUE } from '../server/src/modules/emails/email.queues';
import { createRedis } from '../server/src/redis';
import { freePort } from '../server/src/start/fallbacks';
import { SendGridDouble } from '../server/src/test/sendgrid.double';
import type { BenchDatabases } from './bench.database';
import { formatInteger } from './bench.report';
import { LoadGenerator, type LoadStep, type StepsResult } from './load.generator';

const ROOT = join(__dirname, '..');
const REDIS_URL = 'redis://127.0.0.1:6379';
/** Spread over the APIs by autocannon (connection i to API i mod n): a multiple of 1 and of 3. */
const CONNECTIONS = 30;
/** The billed client's contacts: each sendInvoice emails every one of them. */
const CONTACTS = 2;
/** How long the emails may take to go out once the load has stopped (a killed worker's jobs wait for BullMQ's stalled check). */
const DRAIN_TIMEOUT_MS = 150_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A latency (null when no sample was taken: NaN does not survive IPC's JSON). */
const ms = (value: number | null) => (value === null || Number.isNaN(value) ? '-' : `${value.toFixed(1)} ms`);

/** The members' project overview the reads ask for (the portal bench's selection). */
const OVERVIEW = `query($id: ID!) { project(id: $id) { id name status
  timeline(first: 20) { edges { cursor node { id occurredAt type summary actor { kind name } } } pageInfo { hasNextPage endCursor } }
  documents { id kind name url sharedAt } invoices { id number status total amountDue dueDate overdue }
  tasks { id title status assignee { name } comments { id body } } } }`;

/** A process's CPU time so far (user + system, /proc/PID/stat, in clock ticks of 10 ms); null once it is gone. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime: fields 14 and 15 of the line, 12 and 13 after "pid (comm) ".
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** CPU used between two readings by the processes present at both (seconds). */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, start] of before) if (after.has(pid)) total += after.get(pid)! - start;
  return total;
}

const readCpu = (pids: number[]) =>
  new Map(
    pids.flatMap((pid) => {
      const seconds = cpuSeconds(pid);
      return seconds === null ? [] : [[pid, seconds] as const];
    }),
  );

/** What the database's backends were doing, sampled every 100 ms through the load. */
interface BackendSamples {
  samples: number;
  /** Mean backends running a statement, and mean backends of those waiting on a lock (a row's, a transaction's). */
  active: number;
  waitingOnLock: number;
}

function sampleBackends(owner: Client): { stop(): Promise<BackendSamples> } {
  const result: BackendSamples = { samples: 0, active: 0, waitingOnLock: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await owner.query<{ active: boolean; lock: boolean }>(
        `SELECT state = 'active' AS active, wait_event_type IS NOT DISTINCT FROM 'Lock' AS lock
         FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'
           AND pid <> pg_backend_pid()`,
      );
      result.samples++;
      for (const row of rows) {
        if (row.active) result.active++;
        if (row.lock) result.waitingOnLock++;
      }
      await sleep(100);
    }
  })().catch(() => {
    // The connection went (the bench is failing or being stopped): no more samples.
    running = false;
  });
  return {
    async stop() {
      running = false;
      await loop;
      return {
        ...result,
        active: result.active / Math.max(1, result.samples),
        waitingOnLock: result.waitingOnLock / Math.max(1, result.samples),
      };
    },
  };
}

export interface EmailCheck {
  /** Invoices in the workspace, and how many distinct numbers they hold. */
  invoices: number;
  distinctNumbers: number;
  /** The highest number drawn (INV-n): equal to `invoices` when no number was skipped. */
  highestNumber: number;
  sentInvoices: number;
  /** (invoice, contact) pairs the read models say were emailed, and what the SendGrid double got. */
  expectedEmails: number;
  sendGridCalls: number;
  /** Pairs sent more than once (and the extra calls), pairs never sent, calls no pair expected. */
  duplicatePairs: number;
  duplicateCalls: number;
  /** The pairs sent more than once ("<invoice id> <email>"). */
  duplicates: string[];
  missing: number;
  unexpected: number;
  /** email_deliveries: rows by status, and rows that took more than one attempt. */
  deliveries: Record<string, number>;
  retried: number;
  failedJobs: number;
  /** From the end of the load to the last email out and the queue empty. */
  drainMs: number;
}

export interface ScaleOutRun {
  apis: number;
  workers: number;
  connections: number;
  seconds: number;
  load: StepsResult;
  /** The warm-up's run (not in the figures; its answers are checked and its emails counted). */
  warmup: StepsResult;
  /** Invoices the load saw created and sent (answers checked), in the measured run alone. */
  created: number;
  sent: number;
  check: EmailCheck;
  /** CPU seconds used in the measured run: the API processes, the workers, the database's backends, autocannon. */
  cpu: { apis: number; workers: number; postgres: number; load: number };
  backends: BackendSamples;
  /** Set when a worker was killed (SIGKILL) mid-run and replaced. */
  killed?: {
    atSeconds: number;
    /** Email jobs active in the queue (both workers') just before the kill. */
    activeJobs: number;
    /** The pairs whose send was in flight once the worker was dead (email_deliveries 'sending'): outcome unknown. */
    inFlight: string[];
  };
  startMs: number;
}

export interface ScaleOutFigures {
  single: ScaleOutRun;
  scaled: ScaleOutRun;
}

/**
 * Child processes of the bench, each the real entry point (compiled), and every one of them ended:
 * stopAll() sends SIGTERM and, after 15 s, SIGKILL; if this process exits first (an error, a signal
 * handler's process.exit), its exit hook SIGKILLs whatever is still running.
 */
class Processes {
  private readonly running = new Map<ChildProcess, string>();
  private readonly stopping = new Set<ChildProcess>();
  private closed = false;
  /** Processes that ended without being told to. */
  readonly died: string[] = [];
  private readonly killAll = () => {
    for (const child of this.running.keys()) child.kill('SIGKILL');
  };

  constructor(private readonly env: Record<string, string>) {
    process.on('exit', this.killAll);
  }

  /** Node running `args` in the repository; `oneShot`: a command that ends by itself (not reported when it does). */
  start(
    name: string,
    args: string[],
    env: Record<string, string> = {},
    { oneShot = false } = {},
  ): ChildProcess {
    if (this.closed) throw new Error(`${name}: not started, the bench's processes are being stopped`);
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', oneShot ? 'pipe' : 'ignore', 'inherit'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...this.env, ...env },
    });
    this.running.set(child, name);
    if (oneShot) this.stopping.add(child);
    child.once('exit', (code, signal) => {
      this.running.delete(child);
      if (!this.stopping.has(child)) this.died.push(`${name} (pid ${child.pid}) exited: ${signal ?? code}`);
    });
    return child;
  }

  /** A compiled entry point, as `npm run start:api` / `npm run start:worker` runs it. */
  entry(name: string, entry: 'main' | 'worker', env: Record<string, string> = {}): ChildProcess {
    return this.start(name, ['--enable-source-maps', `dist/server/src/${entry}.js`], env);
  }

  /** Throws when a process ended that was not stopped. */
  assertRunning(): void {
    if (this.died.length) throw new Error(`scale-out: ${this.died.join('; ')}`);
  }

  async end(child: ChildProcess, signal: NodeJS.Signals, graceMs = 15_000): Promise<void> {
    this.stopping.add(child);
    if (!this.running.has(child)) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.running.keys()].map((child) => this.end(child, 'SIGTERM')));
    process.off('exit', this.killAll);
  }
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const started = performance.now();
  for (;;) {
    const ok = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the API at ${url} exited with ${child.exitCode ?? child.signalCode}`);
    if (performance.now() - started > 60_000) throw new Error(`the API at ${url}: no /healthz in 60 s`);
    await sleep(20);
  }
}

/** `npm run cli -- create-workspace`, compiled: the workspace, its owner and an API token. */
function createWorkspace(processes: Processes): Promise<{ workspaceId: string; apiToken: string }> {
  const flags = ['--name', 'Bench Studio', '--slug', 'bench-studio', '--owner-name', 'Bench Owner'];
  const child = processes.start(
    'create-workspace',
    ['dist/server/src/cli.js', 'create-workspace', ...flags, '--owner-email', 'owner@bench.test'],
    {},
    { oneShot: true },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`create-workspace exited with ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!));
    });
  });
}

/** Every (invoice, contact) an email should have gone to: each sent invoice to its client's live contacts. */
async function expectedEmails(owner: Client, workspaceId: string): Promise<Set<string>> {
  const { rows } = await owner.query<{ key: string }>(
    `SELECT i.id || ' ' || c.email AS key FROM invoices i
       JOIN contacts c ON c.client_id = i.client_id AND c.workspace_id = i.workspace_id AND NOT c.removed
     WHERE i.workspace_id = $1 AND i.status <> 'DRAFT'`,
    [workspaceId],
  );
  return new Set(rows.map((row) => row.key));
}

/** The SendGrid calls per (invoice, recipient): the invoice from the key link in the email's text. */
function sentEmails(sendgrid: SendGridDouble): { pairs: Map<string, number>; other: string[] } {
  const pairs = new Map<string, number>();
  const other: string[] = [];
  for (const mail of sendgrid.mails) {
    const to = mail?.personalizations?.[0]?.to?.[0]?.email;
    const invoice = /\/invoices\/([0-9a-f-]{36})\?key=/.exec(JSON.stringify(mail?.content ?? ''))?.[1];
    if (!to || !invoice) {
      other.push(String(mail?.subject));
      continue;
    }
    const key = `${invoice} ${to}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
  }
  return { pairs, other };
}

/**
 * The (invoice, recipient) pairs whose email was handed to the provider with no outcome recorded yet:
 * after a SIGKILL, the dead worker's sends among them are sent again (at least once, README § Email).
 */
async function sendsInFlight(owner: Client, workspaceId: string): Promise<string[]> {
  const { rows } = await owner.query<{ key: string }>(
    `SELECT substring(e.stream_id FROM length('invoice-') + 1) || ' ' || d.recipient AS key
     FROM email_deliveries d JOIN es_events e ON e.event_id = d.event_id
     WHERE d.workspace_id = $1 AND d.status = 'sending'`,
    [workspaceId],
  );
  return rows.map((row) => row.key);
}

async function pendingJobs(queue: Queue): Promise<{ pending: number; active: number; failed: number }> {
  const counts = await queue.getJobCounts(
    'waiting',
    'active',
    'delayed',
    'prioritized',
    'paused',
    'waiting-children',
    'failed',
  );
  const { failed = 0, active = 0, ...rest } = counts;
  return { pending: active + Object.values(rest).reduce((sum, n) => sum + n, 0), active, failed };
}

/**
 * Waits until every email the read models call for has reached the SendGrid double and the queue
 * holds nothing more (twice in a row, 250 ms apart), then counts: each pair once, none missing.
 */
async function drainAndCheck(
  owner: Client,
  queue: Queue,
  sendgrid: SendGridDouble,
  workspaceId: string,
  log: (line: string) => void,
): Promise<EmailCheck> {
  const started = performance.now();
  let quiet = 0;
  let lastLog = started;
  for (;;) {
    const expected = await expectedEmails(owner, workspaceId);
    const { pairs } = sentEmails(sendgrid);
    const missing = [...expected].filter((key) => !pairs.has(key)).length;
    const jobs = await pendingJobs(queue);
    quiet = missing === 0 && jobs.pending === 0 ? quiet + 1 : 0;
    if (quiet >= 2) break;
    const now = performance.now();
    if (now - started > DRAIN_TIMEOUT_MS) {
      log(
        `emails: still ${missing} missing and ${jobs.pending} jobs pending after ${DRAIN_TIMEOUT_MS / 1000} s`,
      );
      break;
    }
    if (now - lastLog > 5000) {
      log(`emails: ${missing} of ${expected.size} still to go out, ${jobs.pending} jobs pending…`);
      lastLog = now;
    }
    await sleep(250);
  }
  const drainMs = performance.now() - started;
  const expected = await expectedEmails(owner, workspaceId);
  const { pairs, other } = sentEmails(sendgrid);
  const duplicates = [...pairs].filter(([, count]) => count > 1);
  const [numbers] = (
    await owner.query<{ invoices: number; distinct: number; highest: number; sent: number }>(
      `SELECT count(*)::int AS invoices, count(DISTINCT number)::int AS distinct,
         coalesce(max(substring(number FROM '[0-9]+$')::int), 0) AS highest,
         count(*) FILTER (WHERE status <> 'DRAFT')::int AS sent
       FROM invoices WHERE workspace_id = $1`,
      [workspaceId],
    )
  ).rows;
  const { rows: deliveries } = await owner.query<{ status: string; rows: number; retried: number }>(
    `SELECT status, count(*)::int AS rows, count(*) FILTER (WHERE attempts > 1)::int AS retried
     FROM email_deliveries WHERE workspace_id = $1 GROUP BY status`,
    [workspaceId],
  );
  return {
    invoices: numbers.invoices,
    distinctNumbers: numbers.distinct,
    highestNumber: numbers.highest,
    sentInvoices: numbers.sent,
    expectedEmails: expected.size,
    sendGridCalls: sendgrid.mails.length,
    duplicatePairs: duplicates.length,
    duplicateCalls: duplicates.reduce((sum, [, count]) => sum + count - 1, 0),
    duplicates: duplicates.map(([key]) => key),
    missing: [...expected].filter((key) => !pairs.has(key)).length,
    unexpected: [...pairs.keys()].filter((key) => !expected.has(key)).length + other.length,
    deliveries: Object.fromEntries(deliveries.map((row) => [row.status, row.rows])),
    retried: deliveries.reduce((sum, row) => sum + row.retried, 0),
    failedJobs: (await pendingJobs(queue)).failed,
    drainMs,
  };
}

/** Removes every Redis key of the run's prefix (queues, repeatable jobs, rate limits). */
async function dropRedisPrefix(prefix: string): Promise<void> {
  const redis = createRedis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/**
 * One configuration on a fresh database and Redis prefix of its own: `apis` API processes and
 * `workers` worker processes, all compiled entry points (`npm run start:api` / `start:worker`),
 * SendGrid a double in this process; the load from autocannon in another, spread over the APIs.
 */
async function runConfiguration(
  databases: BenchDatabases,
  apis: number,
  workers: number,
  seconds: number,
  warmupSeconds: number,
  killWorker: boolean,
  cleanups: Set<() => Promise<void>>,
  log: (line: string) => void,
): Promise<ScaleOutRun> {
  const label = `${apis} API${apis > 1 ? 's' : ''} + ${workers} worker${workers > 1 ? 's' : ''}`;
  const databaseUrl = await databases.createMigrated(`scale_${apis}`);
  const prefix = `bench-scale-${randomBytes(4).toString('hex')}-${apis}`;
  const sendgrid = await SendGridDouble.start();
  // One S3 for every process, as a real deployment has (each API's embedded one would share .data/s3).
  const s3Directory = mkdtempSync(join(tmpdir(), 'portal-bench-s3-'));
  const removeS3Directory = () => rmSync(s3Directory, { recursive: true, force: true });
  // Also when this process exits without reaching `finally` (run.bench.ts's SIGINT / SIGTERM handler).
  process.once('exit', removeS3Directory);
  const s3 = await startEmbeddedS3({
    directory: s3Directory,
    bucket: 'portal',
    maxPostBytes: 64 * 1024 * 1024,
  }).catch(async (error: unknown) => {
    await sendgrid.stop();
    removeS3Directory();
    throw error;
  });
  const ports = await Promise.all(Array.from({ length: apis }, () => freePort()));
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    SENDGRID_API_KEY: 'bench-key',
    SENDGRID_API_URL: sendgrid.url,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY: EMBEDDED_S3_ACCESS_KEY,
    S3_SECRET_KEY: EMBEDDED_S3_SECRET_KEY,
    // The one address the portal is reached at (as behind a load balancer): the emails' links.
    PUBLIC_URL: urls[0],
  };
  const processes = new Processes(env);
  const owner = new Client({ connectionString: databaseUrl });
  // The database dropped under it (an interrupted run): its queries fail, no more.
  owner.on('error', () => undefined);
  const queue = new Queue(EMAIL_QUEUE, {
    connection: { url: REDIS_URL, maxRetriesPerRequest: null },
    prefix,
  });
  queue.on('error', () => undefined);
  const generator = new LoadGenerator();
  // On SIGINT / SIGTERM (run.bench.ts), before the databases are dropped: the processes, then the keys.
  const cleanup = async () => {
    await processes.stopAll();
    await dropRedisPrefix(prefix);
  };
  cleanups.add(cleanup);
  let pending: Promise<void> = Promise.resolve();
  try {
    await owner.connect();
    log(`${label}: starting ${apis + workers} processes…`);
    const started = performance.now();
    const workspace = createWorkspace(processes);
    // Awaited below; a failure before then is not left unhandled.
    workspace.catch(() => undefined);
    const apiChildren = ports.map((port, i) =>
      processes.entry(`API ${i + 1}`, 'main', { PORT: String(port) }),
    );
    const workerChildren = Array.from({ length: workers }, (_, i) =>
      processes.entry(`worker ${i + 1}`, 'worker'),
    );
    await Promise.all(urls.map((url, i) => waitForHealth(url, apiChildren[i])));
    const startMs = performance.now() - started;
    const { workspaceId, apiToken } = await workspace;
    const member = { authorization: `Bearer ${apiToken}` };

    const gql = async (query: string, variables: Record<string, unknown> = {}, url = urls[0]) => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...member },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      // Every operation of the setup selects the id of what it made (the overview's text alone is used).
      const json = JSON.parse(text) as { data?: Record<string, { id: string }>; errors?: unknown };
      if (!response.ok || json.errors || !json.data)
        throw new Error(`scale-out setup: ${text.slice(0, 500)}`);
      return { text, data: json.data };
    };
    // The billed client and its project (the writes), and another client's project (the reads), so that
    // the reads' answer stays the same while invoices pile up.
    const { data: billed } = await gql(
      `mutation($c: [ContactInput!]!) { createClient(input: { name: "Billed Co", contacts: $c }) { id } }`,
      {
        c: Array.from({ length: CONTACTS }, (_, i) => ({ name: `Contact ${i}`, email: `c${i}@bench.test` })),
      },
    );
    const { data: billing } = await gql(
      `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Billing" }) { id } }`,
      { c: billed.createClient.id },
    );
    const { data: read } = await gql(
      `mutation { createClient(input: { name: "Read Co", contacts: [{ name: "Reader", email: "reader@bench.test" }] }) { id } }`,
    );
    const { data: overview } = await gql(
      `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Overview" }) { id } }`,
      { c: read.createClient.id },
    );
    const overviewId = overview.createProject.id;
    for (let i = 0; i < 5; i++) {
      await gql(
        `mutation($p: ID!, $t: String!) { shareLink(projectId: $p, title: $t, url: "https://example.test/doc") { id } }`,
        { p: overviewId, t: `Doc ${i}` },
      );
      const { data: task } = await gql(
        `mutation($p: ID!, $t: String!) { createTask(input: { projectId: $p, title: $t }) { id } }`,
        { p: overviewId, t: `Task ${i}` },
      );
      await gql(`mutation($t: ID!) { commentOnTask(taskId: $t, body: "Looks good") { id } }`, {
        t: task.createTask.id,
      });
    }
    for (let i = 0; i < 2; i++) {
      const { data: invoice } = await gql(
        `mutation($p: ID!) { createInvoice(input: { projectId: $p, currency: "USD", lineItems: [{ description: "Work", quantity: 3, unitAmount: 12500 }] }) { id } }`,
        { p: overviewId },
      );
      await gql(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: invoice.createInvoice.id });
    }
    // The reads' answer, the same from every API (each its own process, the same read models).
    const answers = await Promise.all(urls.map((url) => gql(OVERVIEW, { id: overviewId }, url)));
    if (answers.some((answer) => answer.text !== answers[0].text))
      throw new Error('scale-out: the APIs answer the same overview differently');

    const steps: LoadStep[] = [
      {
        name: 'createInvoice',
        body: JSON.stringify({
          query: `mutation($p: ID!) { createInvoice(input: { projectId: $p, currency: "USD", lineItems: [{ description: "Work", quantity: 2, unitAmount: 5000 }] }) { id number status } }`,
          variables: { p: billing.createProject.id },
        }),
        check: { path: 'createInvoice.status', equals: 'DRAFT' },
        save: { invoiceId: 'createInvoice.id', number: 'createInvoice.number' },
      },
      {
        name: 'sendInvoice',
        body: JSON.stringify({
          query: `mutation($id: ID!) { sendInvoice(id: $id) { id status } }`,
          variables: { id: '{{invoiceId}}' },
        }),
        check: { path: 'sendInvoice.status', equals: 'SENT' },
        save: { sent: 'sendInvoice.id' },
      },
      ...['overview', 'overview again'].map((name) => ({
        name,
        body: JSON.stringify({ query: OVERVIEW, variables: { id: overviewId } }),
        expected: answers[0].text,
      })),
    ];
    const load = {
      url: urls.map((url) => `${url}/graphql`),
      headers: member,
      connections: CONNECTIONS,
      steps,
    };
    log(`${label}: warm-up, ${warmupSeconds} s…`);
    const warmup = await generator.run({ ...load, seconds: warmupSeconds });
    processes.assertRunning();

    log(
      `${label}: ${CONNECTIONS} connections (${CONNECTIONS / apis} per API) for ${seconds} s, each in rounds of ` +
        `createInvoice, sendInvoice, the overview twice${killWorker ? '; worker 1 killed (SIGKILL) half-way and replaced' : ''}…`,
    );
    let killed: ScaleOutRun['killed'];
    // Awaited once the load is over (and in `finally` when it failed).
    const killing = killWorker
      ? sleep((seconds * 1000) / 2).then(async () => {
          const { active } = await pendingJobs(queue);
          await processes.end(workerChildren[0], 'SIGKILL');
          killed = {
            atSeconds: seconds / 2,
            activeJobs: active,
            inFlight: await sendsInFlight(owner, workspaceId),
          };
          workerChildren[0] = processes.entry('worker 1 (replacement)', 'worker');
        })
      : Promise.resolve();
    killing.catch(() => undefined);
    pending = killing;
    const backends = sampleBackends(owner);
    const ours = () => [...apiChildren, ...workerChildren].map((child) => child.pid!);
    const before = { processes: readCpu([...ours(), generator.pid]), backends: new Map<number, number>() };
    // The pool's connections are open by now (the warm-up): their CPU from here.
    const { rows: open } = await owner.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    before.backends = readCpu(open.map((row) => row.pid));
    const result = await generator.run({ ...load, seconds });
    const after = {
      processes: readCpu([...ours(), generator.pid]),
      backends: readCpu([...before.backends.keys()]),
    };
    const sampled = await backends.stop();
    await killing;
    processes.assertRunning();
    const cpuOf = (children: ChildProcess[]) =>
      cpuBetween(
        new Map([...before.processes].filter(([pid]) => children.some((child) => child.pid === pid))),
        after.processes,
      );
    const cpu = {
      apis: cpuOf(apiChildren),
      workers: cpuOf(workerChildren),
      postgres: cpuBetween(before.backends, after.backends),
      load: (after.processes.get(generator.pid) ?? 0) - (before.processes.get(generator.pid) ?? 0),
    };

    log(`${label}: waiting for the emails to go out…`);
    const check = await drainAndCheck(owner, queue, sendgrid, workspaceId, log);
    processes.assertRunning();
    return {
      apis,
      workers,
      connections: CONNECTIONS,
      seconds,
      load: result,
      warmup,
      cpu,
      backends: sampled,
      created: result.steps.createInvoice.saved.invoiceId.length,
      sent: result.steps.sendInvoice.saved.sent.length,
      check,
      killed,
      startMs,
    };
  } finally {
    generator.close();
    await pending.catch(() => undefined);
    await processes.stopAll();
    await queue.close().catch(() => undefined);
    await owner.end().catch(() => undefined);
    await sendgrid.stop();
    await s3.stop();
    removeS3Directory();
    process.off('exit', removeS3Directory);
    cleanups.delete(cleanup);
    await dropRedisPrefix(prefix).catch((error: Error) =>
      log(`could not clear Redis ${prefix}: ${error.message}`),
    );
  }
}

function report(run: ScaleOutRun, figure: (line: string) => void): void {
  const label = `${run.apis} API${run.apis > 1 ? 's' : ''} + ${run.workers} worker${run.workers > 1 ? 's' : ''}`;
  const { load, check } = run;
  figure(
    `(17) ${label}: ${formatInteger(load.rps)} requests/s, p50 ${ms(load.p50)}, p99 ${ms(load.p99)} ` +
      `(${formatInteger(load.requests)} requests, ${run.connections} connections, ${run.seconds} s; processes up in ${formatInteger(run.startMs)} ms)`,
  );
  for (const [name, step] of Object.entries(load.steps))
    figure(
      `(17)   ${name}: ${formatInteger(step.answers)} answers checked, ${step.wrong} wrong, p50 ${ms(step.p50)}, p99 ${ms(step.p99)}` +
        (step.firstWrong ? ` (first wrong: ${step.firstWrong})` : ''),
    );
  figure(
    `(17)   CPU in the measured ${run.seconds} s: APIs ${run.cpu.apis.toFixed(1)} s, workers ${run.cpu.workers.toFixed(1)} s, ` +
      `the database's backends ${run.cpu.postgres.toFixed(1)} s, autocannon ${run.cpu.load.toFixed(1)} s ` +
      `(${cpus().length * run.seconds} s on ${cpus().length} cores); backends running a statement ${run.backends.active.toFixed(1)} on average, ` +
      `${run.backends.waitingOnLock.toFixed(1)} of them waiting on a lock (${run.backends.samples} samples)`,
  );
  if (load.errors || load.timeouts)
    figure(`(17)   ${load.errors} connection errors, ${load.timeouts} timeouts`);
  if (run.killed) {
    const unknown = new Set(run.killed.inFlight);
    const explained = check.duplicates.filter((key) => unknown.has(key)).length;
    figure(
      `(17)   worker 1 killed (SIGKILL) at ${run.killed.atSeconds} s, ${run.killed.activeJobs} email jobs active in the queue, ` +
        `${run.killed.inFlight.length} sends in flight (outcome unknown) once it was dead; replaced. ` +
        `Sent twice: ${check.duplicatePairs}, ${explained} of them among those in flight (at least once, as README § Email says)`,
    );
  }
  const deliveries = Object.entries(check.deliveries)
    .map(([status, rows]) => `${formatInteger(rows)} ${status}`)
    .join(', ');
  figure(
    `(18) ${label}: ${formatInteger(check.invoices)} invoices, ${formatInteger(check.distinctNumbers)} distinct numbers, ` +
      `highest INV-${check.highestNumber}; ${formatInteger(check.sentInvoices)} sent (the load saw ${formatInteger(run.sent)} of its own in the measured run) ` +
      `→ ${formatInteger(check.expectedEmails)} emails due, ${formatInteger(check.sendGridCalls)} SendGrid calls: ` +
      `${check.duplicatePairs} sent twice or more (${check.duplicateCalls} extra calls), ${check.missing} missing, ${check.unexpected} unexpected; ` +
      `email_deliveries ${deliveries}, ${check.retried} retried, ${check.failedJobs} failed jobs; drained ${(check.drainMs / 1000).toFixed(1)} s after the load`,
  );
}

/** What must hold whatever the timing: every answer right, every email once, every number once. */
function violations(run: ScaleOutRun): string[] {
  const { load, check } = run;
  const label = `${run.apis} API(s)`;
  const problems: string[] = [];
  for (const [turn, result] of [
    ['warm-up', run.warmup],
    ['measured', load],
  ] as const) {
    for (const [name, step] of Object.entries(result.steps))
      if (step.wrong)
        problems.push(`${label}, ${turn}: ${step.wrong} wrong ${name} answers (first: ${step.firstWrong})`);
    if (result.errors) problems.push(`${label}, ${turn}: ${result.errors} connection errors`);
  }
  if (check.distinctNumbers !== check.invoices)
    problems.push(`${label}: ${check.invoices - check.distinctNumbers} invoice numbers given twice`);
  if (check.duplicatePairs)
    problems.push(
      `${label}: ${check.duplicatePairs} emails sent more than once (${check.duplicateCalls} extra)`,
    );
  if (check.missing) problems.push(`${label}: ${check.missing} emails never sent`);
  if (check.unexpected) problems.push(`${label}: ${check.unexpected} emails nobody asked for`);
  if (check.failedJobs) problems.push(`${label}: ${check.failedJobs} email jobs failed`);
  return problems;
}

/**
 * The same workload (members creating and sending invoices, each send emailing the client's
 * contacts through the outbox, BullMQ and the workers; and a project overview read) on one API
 * process with one worker, then on three APIs with two workers, each on a fresh database: the
 * throughput and p99 of both, then the checks that hold across processes (numbers unique in the
 * workspace, each email sent exactly once). With `killWorker`, the second run SIGKILLs a worker
 * half-way through and starts another.
 */
export async function benchScaleOut(
  databases: BenchDatabases,
  seconds: number,
  warmupSeconds: number,
  killWorker: boolean,
  cleanups: Set<() => Promise<void>>,
  log: (line: string) => void,
  figure: (line: string) => void,
): Promise<ScaleOutFigures> {
  buildServerIfStale();
  const single = await runConfiguration(databases, 1, 1, seconds, warmupSeconds, false, cleanups, log);
  report(single, figure);
  const scaled = await runConfiguration(databases, 3, 2, seconds, warmupSeconds, killWorker, cleanups, log);
  report(scaled, figure);
  figure(
    `(17) 3 APIs / 1 API: ${(scaled.load.rps / single.load.rps).toFixed(2)}× the requests/s, ` +
      `${(scaled.load.p99 / single.load.p99).toFixed(2)}× the p99`,
  );
  const problems = [...violations(single), ...violations(scaled)];
  if (problems.length) throw new Error(`scale-out checks failed:\n  ${problems.join('\n  ')}`);
  const twice = single.check.duplicatePairs + scaled.check.duplicatePairs;
  figure(
    twice
      ? `(18) checks passed: every answer right, every invoice number once, every email at least once; ` +
          `${twice} sent twice, each a send the SIGKILL cut off (its outcome unknown, so sent again)`
      : '(18) checks passed: every answer right, every invoice number once, every email exactly once',
  );
  return { single, scaled };
}
