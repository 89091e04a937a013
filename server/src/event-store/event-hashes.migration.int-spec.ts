import { DataSource } from 'typeorm';
import { loadMigrations } from '../db/migrations';
import { createPool } from '../db/pool';
import { adminQuery, databaseUrl } from '../test/test-database';
import { verifyChains } from './hash-chain';
import { EventStore } from './event-store';

const HASHES = 'EventHashes1765094400000';

/** Runs the migrations before the event hashes (or all of them) on a database. */
async function migrate(url: string, through: 'before-hashes' | 'all'): Promise<string[]> {
  const all = loadMigrations();
  const index = all.findIndex((migration) => new migration().name === HASHES);
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations: through === 'all' ? all : all.slice(0, index),
    migrationsTableName: 'typeorm_migrations',
    logging: ['error'],
  });
  await dataSource.initialize();
  try {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

describe('the event-hashes migration', () => {
  const name = `portal_hash_migration_${process.pid}`;
  const url = databaseUrl(name);
  const owner = createPool(url, { max: 2, asAppRole: false });

  beforeAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
    await adminQuery(`CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    await owner.end();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('fills the hashes of the events stored before it, in stream order, and appends go on chaining', async () => {
    await migrate(url, 'before-hashes');
    // es_append as it was: no hash, five result columns.
    const append = (stream: string, expected: number, amounts: number[]) =>
      owner.query('SELECT * FROM es_append($1, $2, $3, $4)', [
        stream,
        'account',
        expected,
        JSON.stringify(
          amounts.map((amount) => ({
            eventId: crypto.randomUUID(),
            type: 'Deposited',
            data: { amount, note: 'café ✓' },
            metadata: {
              actor: { kind: 'SYSTEM', id: null, name: 'Old' },
              correlationId: 'c',
              causationId: null,
            },
          })),
        ),
      ]);
    const before = await append('account-1', 0, [1, 2]);
    expect(Object.keys(before.rows[0])).not.toContain('hashes');
    await append('account-2', 0, [10]);
    await append('account-1', 2, [3, 4, 5]);
    await append('account-2', 1, [11]);
    // More than one chunk of the backfill's UPDATEs (10,000 rows each).
    await append(
      'account-3',
      0,
      Array.from({ length: 10_050 }, (_, i) => i),
    );

    expect(await migrate(url, 'all')).toContain(HASHES);
    const { rows } = await owner.query(
      `SELECT stream_id, stream_position, encode(hash, 'hex') AS hash,
              encode(es_event_hash(lag(hash) OVER w, stream_id, stream_position, type, schema_version, data, metadata,
                                   recorded_at), 'hex') AS expected
       FROM es_events WINDOW w AS (PARTITION BY stream_id ORDER BY stream_position) ORDER BY stream_id, stream_position`,
    );
    expect(rows).toHaveLength(10_057);
    expect(rows.filter((row) => row.hash === null || row.hash !== row.expected)).toEqual([]);
    expect(new Set(rows.map((row) => row.hash)).size).toBe(10_057);
    expect(await verifyChains(owner)).toEqual({ checked: 10_057, streams: 3, ok: true });

    // The trigger is back on, and an append after the migration chains onto the backfilled head.
    await expect(owner.query(`UPDATE es_events SET data = '{}'`)).rejects.toMatchObject({ code: 'P0403' });
    const store = new EventStore(owner);
    const appended = await store.append('account-1', 5, [{ type: 'Deposited', data: { amount: 6 } }], {
      actor: { kind: 'SYSTEM', id: null, name: 'New' },
      correlationId: 'c',
      causationId: null,
    });
    const [stored] = await store.readStream('account-1', owner, 5);
    expect(appended.events[0].hash).toBe(stored.hash);
    expect(await verifyChains(owner)).toEqual({ checked: 10_058, streams: 3, ok: true });
  });
});
