import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Runs a worker's scheduled job in `count` processes of their own at once,
 * every one with its clock at `now`, against the same database and Redis:
 * each is started, waits until all are ready, then runs the job `runs` times.
 * Resolves with each process's results.
 */
export async function runJobInProcesses<T = unknown>(
  job: 'reminders' | 'recurring',
  env: { DATABASE_URL: string; REDIS_URL: string },
  now: Date,
  options: { count?: number; runs?: number } = {},
): Promise<T[][]> {
  const children = Array.from({ length: options.count ?? 2 }, () =>
    spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'server/src/test/fixtures/scheduler-run.process.ts', job],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ...env,
          NODE_ENV: 'test',
          TEST_NOW: now.toISOString(),
          RUNS: String(options.runs ?? 3),
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
        },
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    ),
  );
  const outputs = children.map(
    (child) =>
      new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
        child.on('error', reject);
        child.on('exit', (code) =>
          code === 0 ? resolve(out) : reject(new Error(`${job} process exited ${code}`)),
        );
      }),
  );
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          const onData = (chunk: Buffer) => {
            if (chunk.toString('utf8').includes('ready')) {
              child.stdout.off('data', onData);
              resolve();
            }
          };
          child.stdout.on('data', onData);
        }),
    ),
  );
  for (const child of children) child.stdin.write('go\n');
  return (await Promise.all(outputs)).map((out) => JSON.parse(out.trim().split('\n').at(-1)!) as T[]);
}
