import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, TEST_SERVER_URL, type TestDatabase } from '../test/test-database';
import { EventStore } from './event-store';
import { ConcurrencyError } from './event-store.errors';
import type { EventMetadata } from './event.types';
import { UpcasterRegistry } from './upcaster.registry';

const metadata: EventMetadata = {
  actor: { kind: 'MEMBER', id: 'm1', name: 'Ava Owner' },
  correlationId: 'req-1',
  causationId: 'cmd-1',
};

describe('EventStore on PostgreSQL', () => {
  let db: TestDatabase;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.app);
  });
  afterAll(() => db.drop());

  it('appends a batch and reads it back, stream by stream and in the log', async () => {
    const result = await store.append(
      'account-1',
      0,
      [
        { type: 'AccountOpened', data: { owner: 'Ava' } },
        { type: 'MoneyDeposited', data: { amount: 5 } },
      ],
      metadata,
    );
    expect(result.appended).toBe(true);
    expect(result.streamVersion).toBe(2);
    expect(result.events.map((e) => e.streamPosition)).toEqual([1, 2]);

    const stream = await store.readStream('account-1');
    expect(stream.map((e) => [e.type, e.streamPosition, e.data])).toEqual([
      ['AccountOpened', 1, { owner: 'Ava' }],
      ['MoneyDeposited', 2, { amount: 5 }],
    ]);
    expect(stream[0].metadata).toEqual(metadata);
    expect(stream[0].schemaVersion).toBe(1);
    expect(stream[0].recordedAt).toBeInstanceOf(Date);
    expect(stream.map((e) => e.globalPosition)).toEqual(result.events.map((e) => e.globalPosition));
    expect(stream[0].transactionId).toBe(stream[1].transactionId);

    await store.append('account-1', 2, [{ type: 'MoneyDeposited', data: { amount: 7 } }], metadata);
    expect(await store.streamVersion('account-1')).toBe(3);
    expect(await store.streamVersion('account-none')).toBe(0);
    const { events } = await store.readAll(undefined, 100);
    expect(events.filter((e) => e.streamId === 'account-1').map((e) => e.streamPosition)).toEqual([1, 2, 3]);
  });

  it('a wrong expected version raises ConcurrencyError and appends nothing', async () => {
    await store.append('account-2', 0, [{ type: 'AccountOpened', data: {} }], metadata);
    await expect(store.append('account-2', 0, [{ type: 'X', data: {} }], metadata)).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    const error = await store.append('account-2', 5, [{ type: 'X', data: {} }], metadata).catch((e) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamId: 'account-2', expectedVersion: 5, actualVersion: 1 });
    await expect(store.append('account-new', 3, [{ type: 'X', data: {} }], metadata)).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(await store.readStream('account-2')).toHaveLength(1);
    expect(await store.readStream('account-new')).toHaveLength(0);
  });

  it("'any' appends at the end whatever the version", async () => {
    await store.append('account-3', 'any', [{ type: 'A', data: {} }], metadata);
    const result = await store.append('account-3', 'any', [{ type: 'B', data: {} }], metadata);
    expect(result.streamVersion).toBe(2);
  });

  it('appending the same event ids again is a no-op, not a duplicate', async () => {
    const batch = [
      { eventId: randomUUID(), type: 'AccountOpened', data: {} },
      { eventId: randomUUID(), type: 'MoneyDeposited', data: { amount: 1 } },
    ];
    const first = await store.append('account-4', 0, batch, metadata);
    const again = await store.append('account-4', 0, batch, metadata);
    const againAny = await store.append('account-4', 'any', batch, metadata);
    expect(first.appended).toBe(true);
    expect(again).toEqual({ appended: false, streamVersion: 2, events: [] });
    expect(againAny.appended).toBe(false);
    expect(await store.readStream('account-4')).toHaveLength(2);
  });

  it('20 concurrent appends at the same expected version: exactly one wins, no gap, no duplicate', async () => {
    await store.append('account-race', 0, [{ type: 'AccountOpened', data: {} }], metadata);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        store.append(
          'account-race',
          1,
          [
            { type: 'MoneyDeposited', data: { i } },
            { type: 'Noted', data: { i } },
          ],
          metadata,
        ),
      ),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const loss of lost) expect(loss.reason).toBeInstanceOf(ConcurrencyError);
    const stream = await store.readStream('account-race');
    expect(stream.map((e) => e.streamPosition)).toEqual([1, 2, 3]);
    expect(stream[1].data).toEqual(stream[2].data);
  });

  it('readAll pages through the log in commit order', async () => {
    const all: string[] = [];
    let position = undefined;
    for (;;) {
      const page = await store.readAll(position, 3);
      if (page.events.length === 0) break;
      all.push(...page.events.map((e) => e.eventId));
      position = page.lastPosition;
    }
    const { rows } = await db.owner.query(
      'SELECT event_id FROM es_events ORDER BY transaction_id, global_position',
    );
    expect(all).toEqual(rows.map((r) => r.event_id));
  });

  it('readAll never reads past a transaction still running, so a late commit is not skipped', async () => {
    const before = await store.readAll(undefined, 10_000);
    const slow = await db.app.connect();
    try {
      await slow.query('BEGIN');
      await store.append('account-slow', 0, [{ type: 'Slow', data: {} }], metadata, slow);
      // A later transaction commits first.
      await store.append('account-fast', 0, [{ type: 'Fast', data: {} }], metadata);
      const during = await store.readAll(before.lastPosition, 100);
      expect(during.events.map((e) => e.type)).toEqual([]);
      await slow.query('COMMIT');
    } finally {
      slow.release();
    }
    const after = await store.readAll(before.lastPosition, 100);
    expect(after.events.map((e) => e.type)).toEqual(['Slow', 'Fast']);
  });

  it('a transaction running in another database of the server does not hold the log back', async () => {
    const before = await store.readAll(undefined, 10_000);
    const elsewhere = new Client({ connectionString: TEST_SERVER_URL });
    await elsewhere.connect();
    try {
      await elsewhere.query('BEGIN');
      await elsewhere.query('SELECT pg_current_xact_id()');
      await store.append('account-while-elsewhere', 0, [{ type: 'Seen', data: {} }], metadata);
      const during = await store.readAll(before.lastPosition, 100);
      expect(during.events.map((e) => e.type)).toEqual(['Seen']);
    } finally {
      await elsewhere.query('ROLLBACK');
      await elsewhere.end();
    }
  });

  it('stores a version-1 event and reads it as version 2 through an upcaster', async () => {
    await store.append(
      'contact-1',
      0,
      [{ type: 'ContactAdded', schemaVersion: 1, data: { fullName: 'Jane Smith' } }],
      metadata,
    );
    const upcasting = new EventStore(
      db.app,
      new UpcasterRegistry().register('ContactAdded', 1, (data) => {
        const [firstName, lastName] = String(data.fullName).split(' ');
        return { firstName, lastName };
      }),
    );
    const [event] = await upcasting.readStream('contact-1');
    expect(event.schemaVersion).toBe(2);
    expect(event.data).toEqual({ firstName: 'Jane', lastName: 'Smith' });
    const { rows } = await db.owner.query(
      `SELECT schema_version, data FROM es_events WHERE stream_id = 'contact-1'`,
    );
    expect(rows).toEqual([{ schema_version: 1, data: { fullName: 'Jane Smith' } }]);
    // New events of the type are written at the newest version.
    const appended = await upcasting.append(
      'contact-1',
      1,
      [{ type: 'ContactAdded', data: { firstName: 'J', lastName: 'S' } }],
      metadata,
    );
    expect(appended.events[0].schemaVersion).toBe(2);
    // An event appended at an old version is handed back upcast, as a read gives it, and stored as given.
    const old = await upcasting.append(
      'contact-1',
      2,
      [{ type: 'ContactAdded', schemaVersion: 1, data: { fullName: 'Jo Smith' } }],
      metadata,
    );
    expect(old.events.map((e) => [e.schemaVersion, e.data])).toEqual([
      [2, { firstName: 'Jo', lastName: 'Smith' }],
    ]);
    expect((await upcasting.readStream('contact-1', db.app, 2))[0].data).toEqual(old.events[0].data);
    const { rows: third } = await db.owner.query(
      `SELECT schema_version, data FROM es_events WHERE stream_id = 'contact-1' AND stream_position = 3`,
    );
    expect(third).toEqual([{ schema_version: 1, data: { fullName: 'Jo Smith' } }]);
  });
});
