import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadMigrations } from '../db/migrations';
import { createPool } from '../db/pool';
import { adminQuery, databaseUrl } from '../test/test-database';

const PLANNED = 'EsCommandsPlanned1765440000000';

/** A data source with the migrations up to and including 1765440000000 (so that its undo is the last one's). */
function throughPlanned(url: string): DataSource {
  const all = loadMigrations();
  const index = all.findIndex((migration) => new migration().name === PLANNED);
  return new DataSource({
    type: 'postgres',
    url,
    migrations: all.slice(0, index + 1),
    migrationsTableName: 'typeorm_migrations',
    logging: ['error'],
  });
}

const event = (amount: number) => ({
  eventId: randomUUID(),
  type: 'Deposited',
  data: { amount },
  metadata: { actor: { kind: 'SYSTEM', id: null, name: 'test' }, correlationId: 'c', causationId: null },
});

describe('the es-commands-planned migration', () => {
  const name = `portal_es_commands_planned_${process.pid}`;
  const url = databaseUrl(name);
  const owner = createPool(url, { max: 2, asAppRole: false });
  const dataSource = throughPlanned(url);

  beforeAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
    await adminQuery(`CREATE DATABASE ${name}`);
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await owner.end();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  /** es_commands of three appends: two to one stream (the second at the first's version), one at a wrong version. */
  async function batch(stream: string) {
    const { rows } = await owner.query('SELECT * FROM es_commands($1, $2, $3, $4, $5, $6, $7) ORDER BY ord', [
      [stream, stream, `${stream}-other`],
      ['account', 'account', 'account'],
      [0, 2, 5],
      JSON.stringify([[event(1), event(2)], [event(3)], [event(4)]]),
      JSON.stringify([[], [], []]),
      'token',
      ['', '', ''],
    ]);
    const stored = await owner.query(
      'SELECT global_position::text AS position, hash FROM es_events WHERE stream_id = $1 ORDER BY stream_position',
      [stream],
    );
    return {
      rows,
      positions: stored.rows.map((row) => row.position as string),
      hashes: stored.rows.map((row) => (row.hash as Buffer).toString('hex')),
    };
  }

  const language = async () =>
    (
      await owner.query(
        `SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.proname = 'es_insert_events'`,
      )
    ).rows[0].lanname;

  it('answers positions and hashes as text, undoes to the arrays it replaced, and applies again', async () => {
    expect(await dataSource.runMigrations({ transaction: 'each' })).not.toHaveLength(0);
    expect(await language()).toBe('plpgsql');
    const planned = await batch('account-planned');
    expect(planned.rows.map((row) => [row.status, row.stream_version])).toEqual([
      ['ok', '2'],
      ['ok', '3'],
      ['conflict', null],
    ]);
    expect(planned.rows[0].global_positions).toBe(planned.positions.slice(0, 2).join(','));
    expect(planned.rows[0].hashes).toBe(planned.hashes.slice(0, 2).join(','));
    expect(planned.rows[1].global_positions).toBe(planned.positions[2]);
    expect(planned.rows[1].hashes).toBe(planned.hashes[2]);
    expect(planned.rows[2].hashes).toBeNull();

    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await language()).toBe('sql');
    const before = await batch('account-before');
    expect(before.rows.map((row) => row.status)).toEqual(['ok', 'ok', 'conflict']);
    expect(before.rows[0].global_positions).toEqual(before.positions.slice(0, 2));
    expect(before.rows[0].hashes.map((hash: Buffer) => hash.toString('hex'))).toEqual(
      before.hashes.slice(0, 2),
    );

    expect(await dataSource.runMigrations({ transaction: 'each' })).toEqual([
      expect.objectContaining({ name: PLANNED }),
    ]);
    expect(await language()).toBe('plpgsql');
    expect((await batch('account-again')).rows.map((row) => row.status)).toEqual(['ok', 'ok', 'conflict']);
  });
});
