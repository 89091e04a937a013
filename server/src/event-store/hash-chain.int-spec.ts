import { createHash } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../test/test-database';
import { EventStore } from './event-store';
import { verifyChains } from './hash-chain';
import type { EventMetadata } from './event.types';

const metadata: EventMetadata = {
  actor: { kind: 'SYSTEM', id: null, name: 'System' },
  correlationId: 'c',
  causationId: null,
};

describe('the hash chain es_append writes', () => {
  let db: TestDatabase;
  let store: EventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new EventStore(db.app);
  });
  afterAll(() => db.drop());

  it('returns the hashes it stored, chaining a batch within itself and onto the stream head', async () => {
    const first = await store.append('account-1', 0, [{ type: 'Opened', data: { owner: 'Ava' } }], metadata);
    const batch = await store.append(
      'account-1',
      1,
      [1, 2, 3].map((amount) => ({ type: 'Deposited', data: { amount } })),
      metadata,
    );
    const stored = await store.readStream('account-1');
    expect(stored.map((event) => event.hash)).toEqual(
      [...first.events, ...batch.events].map((event) => event.hash),
    );
    const { rows } = await db.app.query(
      `SELECT stream_position, hash = es_event_hash(lag(hash) OVER w, stream_id, stream_position, type, schema_version,
                                                    data, metadata, recorded_at) AS sound
       FROM es_events WHERE stream_id = 'account-1' WINDOW w AS (PARTITION BY stream_id ORDER BY stream_position)`,
    );
    expect(rows.map((row) => row.sound)).toEqual([true, true, true, true]);
  });

  it('is SHA-256 over the previous hash (zeros at position 1) and the JSON array of the fields', async () => {
    const { events } = await store.append(
      'account-2',
      0,
      [{ type: 'Opened', data: { b: 1, a: 'x' } }],
      metadata,
    );
    const { rows } = await db.app.query(
      `SELECT metadata::text AS metadata, (extract(epoch FROM recorded_at AT TIME ZONE 'UTC') * 1000000)::bigint AS us
       FROM es_events WHERE stream_id = 'account-2'`,
    );
    const text = `["account-2",1,"Opened",1,{"a": "x", "b": 1},${rows[0].metadata},${rows[0].us}]`;
    const expected = createHash('sha256').update(Buffer.alloc(32)).update(text, 'utf8').digest('hex');
    expect(events[0].hash).toBe(expected);
  });

  it("does not depend on the session's time zone", async () => {
    const client = await db.app.connect();
    try {
      for (const zone of ['UTC', 'Pacific/Chatham', 'America/St_Johns']) {
        await client.query(`SET TIME ZONE '${zone}'`);
        expect(await verifyChains(client)).toMatchObject({ ok: true, checked: 5 });
      }
    } finally {
      await client.query('RESET TIME ZONE');
      client.release();
    }
  });
});
