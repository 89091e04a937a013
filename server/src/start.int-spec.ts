import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './start/fallbacks';
import { createTestDatabase, type TestDatabase } from './test/test-database';

const ROOT = join(__dirname, '..', '..');

/** The working tree (tracked and new files, not the ignored ones) with the built pages and server, node_modules linked. */
function copyRepository(): string {
  const copy = mkdtempSync(join(tmpdir(), 'portal-start-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    // Timestamps kept: the built pages stay newer than their sources, so nothing is rebuilt.
    cpSync(join(ROOT, file), join(copy, file), { preserveTimestamps: true, dereference: false });
  }
  // (npm start in the copy builds whatever of these is missing, as in a fresh clone.)
  for (const built of ['web/dist', 'web/console/dist', 'playground/dist', 'dist'].filter((dir) =>
    existsSync(join(ROOT, dir)),
  ))
    cpSync(join(ROOT, built), join(copy, built), { recursive: true, preserveTimestamps: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  errors: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** node scripts/start.mjs in `cwd` with only PATH, HOME and `env`; its own process group. */
function start(cwd: string, env: Record<string, string>, args: string[] = []): Started {
  const child = spawn(process.execPath, [join(cwd, 'scripts', 'start.mjs'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => stdout, errors: () => stderr, exited };
}

async function waitFor<T>(what: string, probe: () => Promise<T | null> | T | null, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await Promise.resolve(probe()).catch(() => null);
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Processes whose group is `group` or whose command line names `path`. */
function leftOver(group: number, path: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .filter((line) => {
      const [, pgid] = line.split(/\s+/);
      return (Number(pgid) === group || line.includes(path)) && !line.includes(' ps -eo');
    });
}

async function gql(url: string, query: string, variables: object, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { response, body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}

describe('npm start in a fresh copy', () => {
  let copy: string;
  let db: TestDatabase;
  let running: Started | null = null;

  beforeAll(async () => {
    copy = copyRepository();
    // The local PostgreSQL answers on 5432: a database of this test's own keeps the developer's "portal" untouched.
    db = await createTestDatabase();
  });

  afterAll(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      try {
        process.kill(-running.child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    // Whatever of the copy still runs (a server that outlived its group, when a test fails).
    if (copy)
      for (const line of leftOver(-1, copy)) {
        try {
          process.kill(Number(line.split(/\s+/)[0]), 'SIGKILL');
        } catch {
          // gone already
        }
      }
    await db?.drop();
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('starts with the demo, prints a working token and sign-in link, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const base = `http://localhost:${port}`;
    running = start(copy, { PORT: String(port), DATABASE_URL: db.url });
    const { child } = running;
    const exitedEarly = running.exited.then(({ code }) => {
      throw new Error(`npm start exited with ${code}:\n${running!.output()}\n${running!.errors()}`);
    });
    await Promise.race([
      exitedEarly,
      waitFor(
        'the start-up lines',
        () => (/Member token\s+cpt_/.test(running!.output()) ? true : null),
        50_000,
      ),
    ]);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const printed = running.output();
    expect(printed).toContain('PostgreSQL: DATABASE_URL');
    expect(printed).toContain('Redis: the local Redis on 127.0.0.1:6379');
    expect(printed).toContain(`${base}/p/demo-studio/login`);
    expect(printed).toContain(`${base}/dev/mailbox`);
    expect(printed).toContain(`${base}/graphql`);

    const token = /Member token\s+(cpt_\S+)/.exec(printed)![1];
    const member = await gql(
      base,
      '{ viewer { ... on MemberViewer { workspace { slug } } } }',
      {},
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(member.body).toEqual({ data: { viewer: { workspace: { slug: 'demo-studio' } } } });

    const link = new RegExp(`John's link\\s+(${base}/p/demo-studio/auth\\?token=(\\S+))`).exec(printed);
    expect(link ? 'found' : printed).toBe('found');
    const signedIn = await gql(
      base,
      'mutation($t: String!) { signInWithLoginLink(token: $t) { contact { name email } client { name } } }',
      { t: decodeURIComponent(link![2]) },
    );
    expect(signedIn.body).toEqual({
      data: {
        signInWithLoginLink: {
          contact: { name: 'John Smith', email: 'john.smith@example.com' },
          client: { name: 'Smith & Co' },
        },
      },
    });

    // The owner's console link signs in to the console.
    expect(printed).toContain(`${base}/app/login`);
    const consoleLink = new RegExp(`Ava's link\\s+${base}/app/auth\\?token=([\\w-]+)`).exec(printed);
    expect(consoleLink ? 'found' : printed).toBe('found');
    const owner = await gql(
      base,
      'mutation($t: String!) { signInMember(token: $t) { member { name role } workspace { slug } } }',
      { t: consoleLink![1] },
    );
    expect(owner.body).toEqual({
      data: {
        signInMember: { member: { name: 'Ava Owner', role: 'OWNER' }, workspace: { slug: 'demo-studio' } },
      },
    });

    // The demo's story: documents (two files and a link), three invoices, tasks.
    const counts = await db.owner.query(
      `SELECT (SELECT count(*)::int FROM invoices) AS invoices,
              (SELECT count(*)::int FROM documents) AS documents,
              (SELECT count(*)::int FROM tasks) AS tasks`,
    );
    expect(counts.rows[0]).toEqual({ invoices: 3, documents: 3, tasks: 3 });

    const group = child.pid!;
    const stoppedAt = Date.now();
    child.kill('SIGTERM');
    const exit = await Promise.race([
      running.exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no exit within 10 s:\n${running!.errors()}`)), 10_000),
      ),
    ]);
    expect({ ...exit, log: exit.code === 0 ? '' : running.output().slice(-3000) + running.errors() }).toEqual(
      { code: 0, signal: null, log: '' },
    );
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(leftOver(group, copy)).toEqual([]);
  }, 90_000);

  it("ends with npm start, even on SIGKILL to npm start's process group", async () => {
    const port = await freePort();
    const base = `http://localhost:${port}`;
    running = start(copy, { PORT: String(port), DATABASE_URL: db.url }, ['--no-demo']);
    const { child } = running;
    await waitFor(
      'the start-up lines',
      () => (/Client portal is running/.test(running!.output()) ? true : null),
      50_000,
    );
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const group = child.pid!;
    const server = leftOver(group, copy).filter((line) => line.includes('dist/server/src/start.js'));
    expect(server).toHaveLength(1);
    process.kill(-group, 'SIGKILL');
    await waitFor(
      'the server to stop answering',
      () =>
        fetch(`${base}/healthz`).then(
          () => null,
          () => true,
        ),
      20_000,
    );
    await waitFor(
      'nothing of npm start to be left',
      () => (leftOver(group, copy).length === 0 ? true : null),
      10_000,
    );
  }, 90_000);

  it.each([
    ['PORT', { PORT: '99999' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
  ])('exits 2 naming a bad %s', async (variable, env) => {
    const started = start(copy, { PORT: '4999', ...env });
    const exit = await started.exited;
    expect(exit.code).toBe(2);
    expect(started.errors()).toMatch(new RegExp(`^configuration: ${variable}: `, 'm'));
  });
});
