import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './start/fallbacks';
import { npmRun, runProcess, startProcess, type Running } from './test/child-process';
import { sleep, waitFor } from './test/email.fixture';
import { adminQuery, databaseUrl } from './test/test-database';

const ROOT = join(__dirname, '..', '..');

/**
 * What the Docker image's runtime stage holds: package.json, the compiled
 * server, the built pages, the scripts, node_modules; no TypeScript at all.
 */
function imageLikeCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), 'portal-compiled-'));
  for (const file of ['package.json', 'package-lock.json'])
    cpSync(join(ROOT, file), join(copy, file), { preserveTimestamps: true });
  for (const dir of ['dist', 'web/dist', 'playground/dist', 'scripts'])
    cpSync(join(ROOT, dir), join(copy, dir), { recursive: true, preserveTimestamps: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  mkdirSync(join(copy, '.data'));
  return copy;
}

const tsFilesIn = (dir: string): string[] =>
  spawnSync('find', [dir, '-name', '*.ts', '-not', '-path', '*/node_modules/*'], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean);

describe('the compiled server (npm run build, then the start commands)', () => {
  let copy: string;
  const database = `${process.env.PORTAL_TEST_TEMPLATE!.replace(/_tpl$/, '')}_compiled_${process.pid}`;
  const url = databaseUrl(database);
  let env: NodeJS.ProcessEnv;
  let apiToken: string;

  beforeAll(() => {
    // What npm test does first (scripts/test.mjs): compile the server when its sources are newer.
    const build = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `(await import('./scripts/build-if-stale.mjs')).buildServerIfStale('.')`],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(build.stderr).toBe('');
    copy = imageLikeCopy();
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: url,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      REDIS_PREFIX: `test-compiled-${process.pid}`,
    };
  });
  afterAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    rmSync(copy, { recursive: true, force: true });
  });

  it('compiles every source and migration to JavaScript with source maps, and no test', () => {
    for (const file of [
      'server/src/main.js',
      'server/src/worker.js',
      'server/src/cli.js',
      'server/src/start.js',
    ])
      expect(existsSync(join(ROOT, 'dist', file))).toBe(true);
    expect(existsSync(join(ROOT, 'dist/server/src/main.js.map'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist/migrations/1764316800000-event-store.js'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist/server/src/test'))).toBe(false);
    expect(existsSync(join(ROOT, 'dist/server/src/cli.int-spec.js'))).toBe(false);
    expect(tsFilesIn(copy)).toEqual([]);
  });

  it('emits the same GraphQL schema as the TypeScript (decorator metadata survived the build)', async () => {
    const run = await runProcess(
      process.execPath,
      [
        '-e',
        `require('./dist/server/src/schema-emit.js').printedSchema().then((s) => process.stdout.write(s))`,
      ],
      { cwd: ROOT },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(readFileSync(join(ROOT, 'schema.graphql'), 'utf8'));
  });

  it('npm run migrate applies the compiled migrations to a new database', async () => {
    const run = await npmRun(copy, 'migrate', [], env).exited;
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^applied EventStore\d+, /);
    const again = await npmRun(copy, 'migrate', [], env).exited;
    expect(again).toMatchObject({ code: 0, stdout: 'no migration to apply\n' });
  });

  it('npm run cli works from the compiled output', async () => {
    const run = await npmRun(
      copy,
      'cli',
      [
        'create-workspace',
        '--name',
        'Built Studio',
        '--slug',
        'built-studio',
        '--owner-name',
        'Bo',
        '--owner-email',
        'bo@built.test',
      ],
      env,
    ).exited;
    expect(run).toMatchObject({ code: 0, stderr: '' });
    apiToken = JSON.parse(run.stdout).apiToken;
    expect(apiToken).toMatch(/^cpt_/);
  });

  it('reads .env at the root at start, real environment variables winning', async () => {
    const { DATABASE_URL: _given, ...withoutDatabase } = env;
    writeFileSync(
      join(copy, '.env'),
      `# a bad value, to see that the file is read\nDATABASE_URL=mysql://nope\n`,
    );
    try {
      const fromFile = await npmRun(copy, 'migrate', [], withoutDatabase).exited;
      expect(fromFile.code).toBe(2);
      expect(fromFile.stderr).toMatch(/^DATABASE_URL: must be a URL starting with postgres:/);
      expect(fromFile.stderr).toContain('"mysql://nope"');
      const environmentWins = await npmRun(copy, 'migrate', [], env).exited;
      expect(environmentWins).toMatchObject({ code: 0, stdout: 'no migration to apply\n' });
      writeFileSync(join(copy, '.env'), `DATABASE_URL=${url}\n`);
      const usable = await npmRun(copy, 'migrate', [], withoutDatabase).exited;
      expect(usable).toMatchObject({ code: 0, stdout: 'no migration to apply\n' });
    } finally {
      rmSync(join(copy, '.env'));
    }
  });

  async function stopGroup(running: Running) {
    process.kill(-running.child.pid!, 'SIGTERM');
    await running.exited;
  }

  it('npm run start:api serves GraphQL, the pages and /readyz, and stops on SIGTERM', async () => {
    const port = await freePort();
    const api = startProcess('npm', ['run', '--silent', 'start:api'], {
      cwd: copy,
      env: { ...env, PORT: String(port) },
      detached: true,
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      const ready = await waitFor(
        () =>
          fetch(`${base}/readyz`).then(
            (r) => (r.ok ? r : null),
            () => null,
          ),
        'the compiled API to be ready',
        30_000,
      );
      expect(await ready.json()).toMatchObject({ status: 'ready' });
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiToken}` },
        body: JSON.stringify({ query: '{ viewer { ... on MemberViewer { workspace { slug } } } }' }),
      });
      expect(await response.json()).toEqual({ data: { viewer: { workspace: { slug: 'built-studio' } } } });
      const page = await fetch(`${base}/p/built-studio/login`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      await stopGroup(api);
    }
    expect(api.stdout()).toContain('"msg":"API listening"');
    expect(api.stdout()).toContain('"msg":"shutting down"');
    expect(api.stderr()).toBe('');
  }, 60_000);

  it('npm run start:worker runs the processors and queues, and stops on SIGTERM', async () => {
    const worker = startProcess('npm', ['run', '--silent', 'start:worker'], {
      cwd: copy,
      env,
      detached: true,
    });
    try {
      await waitFor(async () => worker.stdout().includes('"msg":"worker running"'), 'the worker', 30_000);
      // Its repeatable jobs scheduled (a stop in the middle of that logs an error of its own).
      await sleep(1_500);
    } finally {
      await stopGroup(worker);
    }
    expect(worker.stdout()).toContain('"msg":"shutting down"');
    expect(worker.stdout()).not.toContain('"level":50');
  }, 60_000);
});
