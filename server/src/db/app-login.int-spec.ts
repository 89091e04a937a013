import { Client } from 'pg';
import { createAppContext } from '../app-context';
import { parseConfig } from '../config';
import { TestPostgresServer } from '../test/postgres-server';
import { createTestDatabase, type TestDatabase } from '../test/test-database';
import { AppLoginError, prepareAppLogin } from './app-login';
import { ensureDatabase } from './database';
import { runMigrations } from './migrations';
import { appLoginUrl } from './pool';

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: { code?: string }) => error.code,
  );

/**
 * The service logs in as a role of its own, portal_app, which has nothing to
 * switch to: not the owner with SET ROLE (from which RESET ROLE went back).
 */
describe("the service's own database login", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('is portal_app, which cannot become the owner, change the log or make tables', async () => {
    const client = await db.app.connect();
    try {
      const { rows } = await client.query('SELECT session_user::text AS login, current_user::text AS role');
      expect(rows[0]).toEqual({ login: 'portal_app', role: 'portal_app' });
      expect(await code(client.query('SET ROLE postgres'))).toBe('42501');
      await client.query('RESET ROLE');
      expect((await client.query('SELECT current_user::text AS role')).rows[0].role).toBe('portal_app');
      expect(await code(client.query("UPDATE es_events SET type = 'x' WHERE false"))).toBe('42501');
      expect(await code(client.query('CREATE TABLE mine (id int)'))).toBe('42501');
      expect(await code(client.query('ALTER TABLE clients ADD COLUMN x int'))).toBe('42501');
      expect(await code(client.query('UPDATE service_keys SET key = key'))).toBe('42501');
      const super_ = await client.query("SELECT rolsuper FROM pg_roles WHERE rolname = 'portal_app'");
      expect(super_.rows[0].rolsuper).toBe(false);
    } finally {
      client.release();
    }
  });

  it('is how the API and workers connect, given only the owner URL', async () => {
    const context = createAppContext(parseConfig({ NODE_ENV: 'test', DATABASE_URL: db.url }));
    try {
      const { rows } = await context.pool.query('SELECT session_user::text AS login');
      expect(rows[0].login).toBe('portal_app');
    } finally {
      await context.close();
    }
  });
});

describe('the app login on a server that asks for passwords', () => {
  let pg: TestPostgresServer;
  let ownerUrl: string;
  beforeAll(async () => {
    pg = await TestPostgresServer.start({ passwords: true });
    ownerUrl = pg.urlOf('portal');
    await ensureDatabase(ownerUrl);
    await runMigrations(ownerUrl);
  }, 60_000);
  afterAll(() => pg?.destroy());

  it('without a password the login is refused with a sentence that says what to set', async () => {
    const refused = await prepareAppLogin(ownerUrl).catch((error) => error);
    expect(refused).toBeInstanceOf(AppLoginError);
    expect(refused.message).toMatch(/set DATABASE_APP_URL to postgres:\/\/portal_app:PASSWORD@/);
  });

  it("DATABASE_APP_URL's password is given to portal_app by the owner, and then works", async () => {
    const appUrl = appLoginUrl(ownerUrl, 'a secret: with @ and /');
    expect(await prepareAppLogin(ownerUrl, appUrl)).toBe(appUrl);
    const client = new Client({ connectionString: appUrl });
    await client.connect();
    try {
      expect((await client.query('SELECT session_user::text AS login')).rows[0].login).toBe('portal_app');
    } finally {
      await client.end();
    }
    const wrong = new Client({ connectionString: appLoginUrl(ownerUrl, 'not it') });
    expect(await code(wrong.connect())).toBe('28P01');
  });
});
