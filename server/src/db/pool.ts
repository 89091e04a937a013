import { Pool, PoolConfig } from 'pg';
import { useQuickTimestamps } from './timestamp.parser';

/** The role the service logs in as: INSERT and SELECT on the log, read models in full, nothing more. */
export const APP_ROLE = 'portal_app';

/**
 * The service's own login on the database of `databaseUrl` (the owner's):
 * the same server and database, as portal_app, with `password` (none: trust
 * or peer authentication, as on a local server). A login of its own, not the
 * owner switching roles: a connection that logged in as the owner could
 * switch back (SET ROLE, RESET ROLE); portal_app has nothing to switch to.
 */
export function appLoginUrl(databaseUrl: string, password?: string): string {
  const url = new URL(databaseUrl);
  url.username = APP_ROLE;
  url.password = password ? encodeURIComponent(password) : '';
  return url.toString();
}

export interface PoolOptions {
  max?: number;
  /** Log in as the service's own role (the default, appLoginUrl), or as the URL says (the owner: migrations; DATABASE_APP_URL). */
  asAppRole?: boolean;
  applicationName?: string;
  connectionTimeoutMs?: number;
}

export function createPool(url: string, options: PoolOptions = {}): Pool {
  useQuickTimestamps();
  const config: PoolConfig = {
    connectionString: options.asAppRole === false ? url : appLoginUrl(url),
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'client-portal',
    idleTimeoutMillis: 30_000,
    // A server that does not answer (gone, firewalled) fails the request rather than holding it.
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
  };
  const pool = new Pool(config);
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Queries in flight get their own error.
  });
  // A checked-out client (a transaction waiting on something else, an async processor holding its
  // advisory lock) whose server goes away emits 'error' with nobody listening, which would end the
  // process. It is heard here for the client's whole life; its holder sees the next query fail and
  // releases it broken, and the pool connects anew.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

/** Runs fn in a transaction on one client, committing on success and rolling back on any error. */
export async function inTransaction<T>(
  pool: Pool,
  fn: (client: import('pg').PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
