import { Pool, PoolConfig } from 'pg';

/** The role the service works as: INSERT and SELECT on the log, read models in full. */
export const APP_ROLE = 'portal_app';

export interface PoolOptions {
  max?: number;
  /** Work as the service's role (the default), or as the connecting user (migrations, tests of the owner). */
  asAppRole?: boolean;
  applicationName?: string;
  connectionTimeoutMs?: number;
}

export function createPool(url: string, options: PoolOptions = {}): Pool {
  const config: PoolConfig = {
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'client-portal',
    idleTimeoutMillis: 30_000,
    // A server that does not answer (gone, firewalled) fails the request rather than holding it.
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
  };
  // Set at connection start-up, so even the first query runs as the app role.
  if (options.asAppRole !== false) config.options = `-c role=${APP_ROLE}`;
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
