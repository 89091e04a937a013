import { Client } from 'pg';
import { APP_ROLE, appLoginUrl } from './pool';

export class AppLoginError extends Error {}

/**
 * After the migrations, as the owner: the service's role may log in, with the
 * password the service will use (DATABASE_APP_URL's, or one npm start made
 * for its embedded server), then a login as it is tried. Answers the URL the
 * service logs in with.
 */
export async function prepareAppLogin(ownerUrl: string, appUrl?: string): Promise<string> {
  const login = appUrl ?? appLoginUrl(ownerUrl);
  const url = new URL(login);
  const password = url.password ? decodeURIComponent(url.password) : null;
  if (password && decodeURIComponent(url.username) === APP_ROLE) {
    const owner = new Client({ connectionString: ownerUrl });
    await owner.connect();
    try {
      const { rows } = await owner.query(
        `SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', $1::text, $2::text) AS sql`,
        [APP_ROLE, password],
      );
      await owner.query(rows[0].sql);
    } finally {
      await owner.end();
    }
  }
  const app = new Client({ connectionString: login, connectionTimeoutMillis: 5_000 });
  try {
    await app.connect();
    await app.query('SELECT 1');
  } catch (error) {
    throw new AppLoginError(
      `the service logs in as ${decodeURIComponent(url.username)} and could not (${(error as Error).message}): ` +
        `set DATABASE_APP_URL to postgres://${APP_ROLE}:PASSWORD@host/database; npm run migrate gives ${APP_ROLE} that password`,
    );
  } finally {
    await app.end().catch(() => undefined);
  }
  return login;
}
