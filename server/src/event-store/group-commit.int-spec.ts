import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { CommandHandler } from '../projections/command-handler';
import { InlineProjectionRunner } from '../projections/inline-projection';
import { countedPool } from '../test/counted-pool.probe';
import { LEDGER_TABLE_SQL, ledgerDecider, ledgerProjection } from '../test/fixtures/ledger.fixture';
import { createTestDatabase, type TestDatabase } from '../test/test-database';
import { EventStore } from './event-store';
import { ConcurrencyError } from './event-store.errors';
import type { EventMetadata, RecordedEvent } from './event.types';
import { verifyChains } from './hash-chain';

// An actor without personal data: nothing to seal, so no append waits for a key and all arrive in the order made.
const metadata: EventMetadata = {
  actor: { kind: 'SYSTEM', id: 'group-commit', name: 'Group commit' },
  correlationId: 'req-group',
  causationId: 'cmd-group',
};

const BATCH = 'SELECT * FROM es_commands($1, $2, $3, $4, $5, $6, $7)';

/** Settled results in the order given: the value, or the error. */
const settle = <T>(promises: Promise<T>[]) =>
  Promise.allSettled(promises).then((results) =>
    results.map((result) => (result.status === 'fulfilled' ? result.value : result.reason)),
  );

describe('group commit: appends made together go in one statement (es_commands)', () => {
  let db: TestDatabase;
  const statements: string[] = [];
  let counted: Pool;
  let store: EventStore;
  let prefix = 0;
  /** Stream ids of this test alone. */
  const streams = (count: number) => {
    prefix++;
    return Array.from({ length: count }, (_, index) => `account-g${prefix}-${index}`);
  };
  const versionOf = async (streamId: string) =>
    Number(
      (await db.app.query('SELECT version FROM es_streams WHERE stream_id = $1', [streamId])).rows[0]
        ?.version ?? 0,
    );
  const eventsOf = async (streamId: string) =>
    (
      await db.app.query<{ type: string; transaction_id: string }>(
        'SELECT type, transaction_id FROM es_events WHERE stream_id = $1 ORDER BY stream_position',
        [streamId],
      )
    ).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.owner.query(LEDGER_TABLE_SQL);
    await db.owner.query(`CREATE TABLE group_rows (id text PRIMARY KEY, n integer NOT NULL CHECK (n >= 0))`);
    await db.owner.query(
      `CREATE TABLE group_seen (event_id uuid PRIMARY KEY, global_position bigint NOT NULL, hash text NOT NULL,
         transaction_id text NOT NULL, recorded_at text NOT NULL)`,
    );
    await db.owner.query('GRANT ALL ON ledger_balances, group_rows, group_seen TO portal_app');
    counted = countedPool(db.app, statements);
    store = new EventStore(counted, undefined, undefined, { groupCommit: { maxInFlight: 1, maxBatch: 8 } });
  });
  afterAll(() => db.drop());
  beforeEach(() => {
    statements.length = 0;
  });

  it('appends made in one turn share statements and transactions, each with its own answer; chains verify', async () => {
    const ids = streams(20);
    const results = await Promise.all(
      ids.map((id) => store.append(id, 0, [{ type: 'AccountOpened', data: { id } }], metadata)),
    );
    // 20 appends, at most 8 a statement, one statement at a time: 3 statements, not 20.
    expect(statements.filter((text) => text === BATCH)).toHaveLength(3);
    expect(statements.filter((text) => text.includes('es_append'))).toHaveLength(0);
    results.forEach((result, index) => {
      expect(result.appended).toBe(true);
      expect(result.streamVersion).toBe(1);
      expect(result.events[0].streamId).toBe(ids[index]);
      expect(result.events[0].data).toEqual({ id: ids[index] });
    });
    expect(new Set(results.map((result) => result.events[0].transactionId)).size).toBe(3);
    expect(new Set(results.map((result) => result.events[0].globalPosition)).size).toBe(20);
    // Each answer is what was stored.
    for (const [index, id] of ids.entries()) {
      const [stored] = await store.readStream(id);
      expect(stored).toEqual(results[index].events[0]);
    }
    expect(await verifyChains(db.app)).toMatchObject({ ok: true });
  });

  it('a conflict or a duplicate among them is that append’s answer alone', async () => {
    const [taken, fresh, again] = streams(3);
    const first = await store.append(taken, 0, [{ type: 'AccountOpened', data: {} }], metadata);
    await store.append(again, 0, [{ type: 'AccountOpened', data: {} }], metadata);
    statements.length = 0;
    const answers = await settle([
      store.append(taken, 0, [{ type: 'MoneyDeposited', data: { amount: 1 } }], metadata),
      store.append(fresh, 0, [{ type: 'AccountOpened', data: {} }], metadata),
      store.append(
        taken,
        'any',
        [{ type: 'AccountOpened', data: {}, eventId: first.events[0].eventId }],
        metadata,
      ),
      store.append(again, 1, [{ type: 'MoneyDeposited', data: { amount: 2 } }], metadata),
    ]);
    expect(statements.filter((text) => text === BATCH)).toHaveLength(1);
    expect(answers[0]).toBeInstanceOf(ConcurrencyError);
    expect((answers[0] as ConcurrencyError).actualVersion).toBe(1);
    expect(answers[1]).toMatchObject({ appended: true, streamVersion: 1 });
    expect(answers[2]).toEqual({ appended: false, streamVersion: 1, events: [] });
    expect(answers[3]).toMatchObject({ appended: true, streamVersion: 2 });
    expect(await versionOf(taken)).toBe(1);
    expect((await eventsOf(taken)).map((event) => event.type)).toEqual(['AccountOpened']);
  });

  it('two appends to one stream in one statement go in the order they came', async () => {
    const [id] = streams(1);
    const answers = await settle([
      store.append(id, 0, [{ type: 'AccountOpened', data: {} }], metadata),
      store.append(id, 1, [{ type: 'MoneyDeposited', data: { amount: 1 } }], metadata),
      store.append(id, 1, [{ type: 'MoneyDeposited', data: { amount: 9 } }], metadata),
      store.append(id, 'any', [{ type: 'MoneyWithdrawn', data: { amount: 1 } }], metadata),
    ]);
    expect(statements.filter((text) => text === BATCH)).toHaveLength(1);
    expect(answers.map((answer) => (answer instanceof Error ? answer.name : answer.streamVersion))).toEqual([
      1,
      2,
      'ConcurrencyError',
      3,
    ]);
    const events = await eventsOf(id);
    expect(events.map((event) => event.type)).toEqual(['AccountOpened', 'MoneyDeposited', 'MoneyWithdrawn']);
    expect(new Set(events.map((event) => event.transaction_id)).size).toBe(1);
    expect(await verifyChains(db.app)).toMatchObject({ ok: true });
  });

  it('an error in one command’s projection fails only that command: the others are sent again alone and commit', async () => {
    const ids = streams(3);
    const project = (n: number) => async () => [
      { text: 'INSERT INTO group_rows (id, n) VALUES ($1, $2)', values: [`${ids[0]}-${n}`, n] },
    ];
    const answers = await settle(
      [1, -1, 2].map((n, index) =>
        store.appendProjected(ids[index], 0, [{ type: 'AccountOpened', data: { n } }], metadata, project(n)),
      ),
    );
    expect(statements.filter((text) => text === BATCH)).toHaveLength(1);
    expect(statements.filter((text) => text.startsWith('SELECT * FROM es_command('))).toHaveLength(3);
    expect(answers[0]).toMatchObject({ appended: true, streamVersion: 1 });
    expect(answers[1]).toMatchObject({ code: '23514' });
    expect(answers[2]).toMatchObject({ appended: true, streamVersion: 1 });
    expect(await versionOf(ids[1])).toBe(0);
    const { rows } = await db.app.query('SELECT n FROM group_rows WHERE id LIKE $1 ORDER BY n', [
      `${ids[0]}-%`,
    ]);
    expect(rows).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('projections in one statement see their own events’ positions, hashes, transaction and time, a stream’s second command after its first', async () => {
    const [one, two] = streams(2);
    // Each projection writes what the log gave its events: the placeholders es_commands fills in.
    const seen = (events: RecordedEvent[]) =>
      events.map((event) => ({
        text: 'INSERT INTO group_seen VALUES ($1, $2, $3, $4, $5)',
        values: [event.eventId, event.globalPosition, event.hash, event.transactionId, event.recordedAt],
      }));
    const opened = [{ type: 'AccountOpened', data: {} }];
    const deposits = [
      { type: 'MoneyDeposited', data: { amount: 1 } },
      { type: 'MoneyDeposited', data: { amount: 2 } },
    ];
    const answers = await Promise.all([
      store.appendProjected(one, 0, opened, metadata, async (events) => seen(events)),
      store.append(two, 0, opened, metadata),
      store.appendProjected(one, 1, deposits, metadata, async (events) => seen(events)),
      store.appendProjected(two, 1, deposits, metadata, async (events) => seen(events)),
    ]);
    expect(statements.filter((text) => text === BATCH)).toHaveLength(1);
    expect(answers.map((answer) => answer?.streamVersion)).toEqual([1, 1, 3, 3]);
    const stored = [...(await store.readStream(one)), ...(await store.readStream(two))];
    const { rows } = await db.app.query<{
      event_id: string;
      global_position: string;
      hash: string;
      transaction_id: string;
      recorded_at: string;
    }>('SELECT * FROM group_seen WHERE event_id = ANY($1)', [stored.map((event) => event.eventId)]);
    // Every projected event (all but two's opening, a raw append) as the log holds it.
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      const event = stored.find((candidate) => candidate.eventId === row.event_id)!;
      expect(row).toEqual({
        event_id: event.eventId,
        global_position: event.globalPosition,
        hash: event.hash,
        transaction_id: event.transactionId,
        recorded_at: event.recordedAt.toISOString(),
      });
    }
    // Each answer is what was stored, positions in the order the items came.
    expect(answers.flatMap((answer) => answer!.events)).toEqual([
      stored[0],
      stored[3],
      stored[1],
      stored[2],
      stored[4],
      stored[5],
    ]);
    expect(await verifyChains(db.app)).toMatchObject({ ok: true });
  });

  it('a statement whose session is ended under it fails every append of it, and nothing of it is stored', async () => {
    const ids = streams(3);
    const slow = async () => [{ text: 'SELECT pg_sleep($1)', values: [5] }];
    const none = async () => [];
    const pending = settle(
      ids.map((id, index) =>
        store.appendProjected(
          id,
          0,
          [{ type: 'AccountOpened', data: {} }],
          metadata,
          index === 1 ? slow : none,
        ),
      ),
    );
    let pid: number | undefined;
    for (let tries = 0; !pid && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const { rows } = await db.owner.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT * FROM es_commands%' AND state = 'active'`,
      );
      pid = rows[0]?.pid;
    }
    expect(pid).toBeDefined();
    await db.owner.query('SELECT pg_terminate_backend($1)', [pid]);
    const answers = await pending;
    for (const answer of answers) expect(answer).toBeInstanceOf(Error);
    for (const id of ids) expect(await versionOf(id)).toBe(0);
    // The pool goes on with a new session.
    expect((await store.append(ids[0], 0, [{ type: 'AccountOpened', data: {} }], metadata)).appended).toBe(
      true,
    );
  });

  it('commands through the handler: sixteen writers, every deposit counted once in the read model', async () => {
    const handler = new CommandHandler({
      pool: counted,
      store,
      projections: new InlineProjectionRunner([ledgerProjection]),
    });
    const context = { actor: metadata.actor, correlationId: 'req-group' };
    const accounts = Array.from({ length: 16 }, () => randomUUID());
    await Promise.all(
      accounts.map((accountId) =>
        handler.handle(
          `account-${accountId}`,
          ledgerDecider,
          { type: 'OpenAccount', accountId, owner: 'G' },
          context,
        ),
      ),
    );
    statements.length = 0;
    await Promise.all(
      accounts.map(async (accountId) => {
        for (let deposit = 0; deposit < 10; deposit++)
          await handler.handle(
            `account-${accountId}`,
            ledgerDecider,
            { type: 'Deposit', accountId, amount: 5 },
            context,
          );
      }),
    );
    // 160 commands in far fewer statements.
    expect(statements.filter((text) => text === BATCH).length).toBeLessThan(40);
    const { rows } = await db.app.query(
      'SELECT account_id, balance::int, movements FROM ledger_balances WHERE account_id = ANY($1)',
      [accounts],
    );
    expect(rows).toHaveLength(16);
    for (const row of rows) expect(row).toMatchObject({ balance: 50, movements: 10 });
    for (const accountId of accounts) expect(await versionOf(`account-${accountId}`)).toBe(11);
  });

  it('with group commit off, each append is a statement of its own', async () => {
    const alone = new EventStore(counted, undefined, undefined, { groupCommit: false });
    const ids = streams(4);
    await Promise.all(ids.map((id) => alone.append(id, 0, [{ type: 'AccountOpened', data: {} }], metadata)));
    expect(statements.filter((text) => text === BATCH)).toHaveLength(0);
    expect(statements.filter((text) => text.includes('es_append'))).toHaveLength(4);
  });
});
