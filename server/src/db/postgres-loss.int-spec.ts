import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { createAppContext } from '../app-context';
import { parseConfig } from '../config';
import { ensureDatabase } from './database';
import { runMigrations } from './migrations';
import { freePort } from '../test/redis-server';
import { TestPostgresServer } from '../test/postgres-server';

const ROOT = join(__dirname, '..', '..', '..');

async function waitFor<T>(what: string, probe: () => Promise<T | null | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The API and the workers in one process over a PostgreSQL of this test's
 * own: its connections are terminated, then the server is stopped and started
 * again, and the process lives on, answers cleanly meanwhile and recovers by
 * itself, its email dispatcher (an advisory lock on a held connection) taking
 * its lock again and sending each email once.
 */
describe('losing PostgreSQL under a running service', () => {
  let pg: TestPostgresServer;
  let databaseUrl: string;
  let child: ChildProcess;
  let base: string;
  let output = '';
  let exited: { code: number | null; signal: string | null } | null = null;
  let owner: Client | null = null;
  let slug: string;
  let token: string;
  const contactEmail = 'dana@client.test';

  const sql = async (text: string, values: unknown[] = []) => {
    if (!owner) {
      owner = new Client({ connectionString: databaseUrl });
      owner.on('error', () => undefined);
      await owner.connect();
    }
    return (await owner.query(text, values)).rows;
  };
  const dropOwner = async () => {
    await owner?.end().catch(() => undefined);
    owner = null;
  };
  const ready = async () => (await fetch(`${base}/readyz`)).status;
  const gql = async (query: string, variables: object, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': `203.0.113.${randomBytes(1)[0]}`,
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const askForLink = () =>
    gql('mutation($s: String!, $e: String!) { requestLoginLink(slug: $s, email: $e) }', {
      s: slug,
      e: contactEmail,
    });
  const mails = async () =>
    (await sql(`SELECT text_body FROM dev_mailbox WHERE to_address = $1 ORDER BY id`, [contactEmail])).map(
      (row) => /auth\?token=([\w-]+)/.exec(row.text_body)![1],
    );
  const dispatcherLocked = async () =>
    (
      await sql(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND a.application_name = 'client-portal'`,
      )
    )[0].n > 0;

  beforeAll(async () => {
    pg = await TestPostgresServer.start();
    databaseUrl = pg.urlOf('portal');
    await ensureDatabase(databaseUrl);
    await runMigrations(databaseUrl);
    const setup = createAppContext(parseConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl }));
    try {
      const workspace = await setup.services.workspaces.createWorkspace(
        { name: 'Loss Studio', slug: 'loss-studio', ownerName: 'Ava Owner', ownerEmail: 'ava@loss.test' },
        { kind: 'SYSTEM', id: null, name: 'Test' },
        'test-setup',
      );
      slug = workspace.slug;
      token = workspace.apiToken;
      await setup.services.clients.create(
        {
          kind: 'MEMBER',
          memberId: workspace.ownerId,
          workspaceId: workspace.workspaceId,
          name: 'Ava Owner',
          email: 'ava@loss.test',
          role: 'OWNER',
          tokenId: 'setup',
          sessionId: null,
        },
        { name: 'Dana & Co', contacts: [{ name: 'Dana Client', email: contactEmail }] },
        'test-setup',
      );
    } finally {
      await setup.close();
    }

    const port = await freePort();
    base = `http://localhost:${port}`;
    child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'server/src/test/fixtures/api-and-worker.process.ts'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          PORT: String(port),
          DATABASE_URL: databaseUrl,
          REDIS_PREFIX: `test-loss-${randomBytes(4).toString('hex')}`,
        },
      },
    );
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code, signal) => (exited = { code, signal }));
    await waitFor(
      'the service to listen',
      async () => output.includes('ready') || (exited ? Promise.reject(new Error(output)) : null),
      30_000,
    );
    await waitFor('ready', async () => (await ready()) === 200);
  }, 60_000);

  afterAll(async () => {
    if (child && !exited) child.kill('SIGKILL');
    await dropOwner();
    await pg?.destroy();
  });

  it('keeps running when its connections are terminated, and takes its lock again', async () => {
    expect((await askForLink()).body).toEqual({ data: { requestLoginLink: true } });
    await waitFor('the first email', async () => (await mails()).length === 1);
    await waitFor('the dispatcher to hold its lock', dispatcherLocked);

    await sql(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'client-portal'`,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect({ exited, output: exited ? output : '' }).toEqual({ exited: null, output: '' });
    await waitFor('ready again', async () => (await ready()) === 200);
    await waitFor('the dispatcher to take its lock again', dispatcherLocked);

    expect((await askForLink()).body).toEqual({ data: { requestLoginLink: true } });
    await waitFor('the second email', async () => (await mails()).length === 2);
  });

  it('answers 503 and clean errors while PostgreSQL is away, and recovers without a restart', async () => {
    await dropOwner();
    await pg.stop();
    await waitFor('not ready', async () => (await ready()) === 503, 10_000);
    const readiness = (await (await fetch(`${base}/readyz`)).json()) as any;
    expect(readiness.checks.postgres).toMatch(/^failing/);

    const during = await gql('{ portal(slug: "loss-studio") { branding { companyName } } }', {});
    expect(during.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(during.body)).not.toMatch(/ECONNREFUSED|at .*\.ts:\d+/);
    // A member's token can't be checked meanwhile: 503, nothing run.
    const member = await gql('{ viewer { __typename } }', {}, { authorization: `Bearer ${token}` });
    expect(member.status).toBe(503);
    expect(member.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    const asked = await askForLink();
    expect(asked.body.data ?? null).toBeNull();
    expect(asked.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(exited).toBeNull();

    await pg.start();
    await waitFor('ready after the restart', async () => (await ready()) === 200, 20_000);
    expect((await gql('{ viewer { __typename } }', {}, { authorization: `Bearer ${token}` })).body).toEqual({
      data: { viewer: { __typename: 'MemberViewer' } },
    });
    expect((await askForLink()).body).toEqual({ data: { requestLoginLink: true } });
    await waitFor('the third email', async () => (await mails()).length === 3, 20_000);
    await waitFor('the dispatcher to take its lock again', dispatcherLocked);

    // Each email once: three links, all different, each delivery sent once.
    const tokens = await mails();
    expect(new Set(tokens).size).toBe(3);
    const deliveries = await sql(`SELECT status, attempts FROM email_deliveries WHERE kind = 'sign-in'`);
    expect(deliveries).toHaveLength(3);
    expect(deliveries.every((row) => row.status === 'sent')).toBe(true);
    expect(exited).toBeNull();
  }, 60_000);
});
