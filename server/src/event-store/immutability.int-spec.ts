import { createTestDatabase, type TestDatabase } from '../test/test-database';
import { EventStore } from './event-store';

describe('the log is immutable in the database', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await new EventStore(db.app).append('account-1', 0, [{ type: 'AccountOpened', data: { owner: 'Ava' } }], {
      actor: { kind: 'SYSTEM', id: null, name: 'System' },
      correlationId: 'c',
      causationId: null,
    });
  });
  afterAll(() => db.drop());

  it('the service works as portal_app', async () => {
    const { rows } = await db.app.query('SELECT current_user');
    expect(rows[0].current_user).toBe('portal_app');
  });

  it.each([
    ['UPDATE', `UPDATE es_events SET data = '{}'`],
    ['DELETE', 'DELETE FROM es_events'],
    ['TRUNCATE', 'TRUNCATE es_events'],
    ['UPDATE of no row', `UPDATE es_events SET type = 'X' WHERE false`],
  ])('%s is refused to the service role by its grants', async (_name, sql) => {
    await expect(db.app.query(sql)).rejects.toMatchObject({ code: '42501' });
  });

  it.each([
    ['UPDATE', `UPDATE es_events SET data = '{}'`],
    ['DELETE', 'DELETE FROM es_events'],
    ['TRUNCATE', 'TRUNCATE es_events'],
    ['DELETE of no row', 'DELETE FROM es_events WHERE false'],
  ])('%s is refused to the owner by the triggers', async (_name, sql) => {
    await expect(db.owner.query(sql)).rejects.toMatchObject({
      code: 'P0403',
      message: expect.stringMatching(/append-only/),
    });
  });

  it('every event is still there, unchanged', async () => {
    const { rows } = await db.owner.query('SELECT type, data FROM es_events');
    expect(rows).toEqual([{ type: 'AccountOpened', data: { owner: 'Ava' } }]);
  });

  it('the service cannot move a stream version behind the store, nor grant itself more', async () => {
    await expect(db.app.query('DELETE FROM es_streams')).rejects.toMatchObject({ code: '42501' });
    // PostgreSQL answers a non-owner's GRANT with a warning and grants nothing.
    await db.app.query('GRANT UPDATE ON es_events TO portal_app');
    await expect(db.app.query(`UPDATE es_events SET data = '{}'`)).rejects.toMatchObject({ code: '42501' });
  });
});
