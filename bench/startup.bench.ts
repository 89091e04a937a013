import { spawn } from 'node:child_process';
import { buildServerIfStale } from './api.process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../server/src/start/fallbacks';

const ROOT = join(__dirname, '..');
const STARTS = 3;

/** The API as production runs it (compiled, dist/) and as it ran before (TypeScript through @swc-node/register). */
const VARIANTS = {
  compiled: ['--enable-source-maps', 'dist/server/src/main.js'],
  'swc-register': ['-r', '@swc-node/register', 'server/src/main.ts'],
} as const;

export interface StartupFigures {
  variants: Record<string, { starts: number; startMs: number; rssMiB: number }>;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function startOnce(args: readonly string[], databaseUrl: string) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_PREFIX: `bench-startup-${process.pid}`,
    },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      if (performance.now() - started > 60_000) throw new Error(`${args.join(' ')}: no /healthz in 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const startMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { startMs, rssMiB: rssMiB(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * The start of `npm run start:api` compiled beside the same code through @swc-node/register: the
 * time from spawn to the first 200 from /healthz, and the resident memory once ready. Turns interleaved.
 */
export async function benchStartup(
  databaseUrl: string,
  log: (line: string) => void,
  figure: (line: string) => void,
): Promise<StartupFigures> {
  buildServerIfStale();
  log(`the API's start, compiled and through @swc-node/register, ${STARTS} times each, interleaved…`);
  const runs: Record<string, { startMs: number; rssMiB: number }[]> = {};
  for (let turn = 0; turn < STARTS; turn++)
    for (const [variant, args] of Object.entries(VARIANTS))
      (runs[variant] ??= []).push(await startOnce(args, databaseUrl));
  const variants: StartupFigures['variants'] = {};
  for (const [variant, list] of Object.entries(runs)) {
    variants[variant] = {
      starts: list.length,
      startMs: median(list.map((run) => run.startMs)),
      rssMiB: median(list.map((run) => run.rssMiB)),
    };
    figure(
      `(9) start:api ${variant}: ${variants[variant].startMs.toFixed(0)} ms to /healthz, ${variants[variant].rssMiB.toFixed(0)} MiB resident ` +
        `(medians of ${list.length}; each: ${list.map((run) => `${run.startMs.toFixed(0)} ms/${run.rssMiB.toFixed(0)} MiB`).join(', ')})`,
    );
  }
  const { compiled, 'swc-register': register } = variants;
  figure(
    `(9) swc-register / compiled: ${(register.startMs / compiled.startMs).toFixed(2)}× the start time, ` +
      `${(register.rssMiB - compiled.rssMiB).toFixed(0)} MiB more memory`,
  );
  return { variants };
}
