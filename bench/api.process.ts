import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../server/src/start/fallbacks';

const ROOT = join(__dirname, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Compiles the server into dist/ when its sources are newer (what `npm start` does), before a bench runs it. */
export function buildServerIfStale(): void {
  spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `(await import('./scripts/build-if-stale.mjs')).buildServerIfStale('.')`],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

/** The resident memory of a process (/proc VmRSS). */
export const rssBytes = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

export interface BenchProcess {
  url: string;
  pid: number;
  /** A full garbage collection in the process (SIGUSR2, bench/gc-on-signal.mjs), and a moment for it to return what it freed. */
  collect(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A server in a child process of its own, started with `args` (node's own flags first), ready once
 * GET `readyPath` answers 200. Run with --expose-gc and bench/gc-on-signal.mjs, so that `collect()`
 * can read the memory of what is still held.
 */
export async function spawnServer(
  args: readonly string[],
  env: Record<string, string>,
  readyPath = '/healthz',
  cwd = ROOT,
): Promise<BenchProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      './bench/gc-on-signal.mjs',
      '--enable-source-maps',
      // BENCH_CPU_PROF=DIR: a V8 CPU profile of each server, written to DIR when it stops.
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      ...args,
    ],
    {
      cwd,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), ...env },
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const started = performance.now();
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}${readyPath}`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      if (performance.now() - started > 60_000) throw new Error(`${args.join(' ')}: not ready in 60 s`);
      await sleep(20);
    }
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async collect() {
      child.kill('SIGUSR2');
      await sleep(500);
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The compiled API (`npm run start:api` as production runs it), alone in a child process.
 * BENCH_API_ROOT=DIR: the one built in another checkout (an earlier commit's, for what a change gained).
 */
export function spawnApi(databaseUrl: string, prefix: string, env: Record<string, string> = {}) {
  return spawnServer(
    ['dist/server/src/main.js'],
    { NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, REDIS_PREFIX: prefix, ...env },
    '/healthz',
    process.env.BENCH_API_ROOT || ROOT,
  );
}

/** POST /graphql to an API as the member whose token is given (null: anonymous): its data, or an error with what it answered. */
export type Gql = (query: string, variables: Record<string, unknown>, token: string | null) => Promise<any>;

export function gqlTo(url: string): Gql {
  return async (query, variables, token) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const json = (await response.json()) as { data?: any; errors?: unknown };
    if (!json.data || json.errors)
      throw new Error(`the API answered ${response.status}: ${JSON.stringify(json.errors)}`);
    return json.data;
  };
}
