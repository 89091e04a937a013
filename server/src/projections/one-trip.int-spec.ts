import type { Pool } from 'pg';
import { countedPool } from '../test/counted-pool.probe';
import { EventStore } from '../event-store/event-store';
import { verifyChains } from '../event-store/hash-chain';
import type { Actor, RecordedEvent } from '../event-store/event.types';
import { PersonalData } from '../event-store/personal-data';
import { PersonalDataKeys } from '../event-store/personal-data.keys';
import { createTestDatabase, type TestDatabase } from '../test/test-database';
import {
  LEDGER_TABLE_SQL,
  ledgerDecider,
  ledgerProjection,
  type LedgerCommand,
} from '../test/fixtures/ledger.fixture';
import { CommandHandler } from './command-handler';
import { InlineProjectionRunner, type InlineProjection } from './inline-projection';

const actor: Actor = { kind: 'MEMBER', id: 'member-one-trip', name: 'Olive Trip' };

/** Writes down, per event, what only the append decides: by parameter, and inside JSON. */
const factsProjection: InlineProjection = {
  name: 'facts',
  eventTypes: ['AccountOpened', 'MoneyDeposited', 'MoneyWithdrawn'],
  tables: ['event_facts'],
  async apply(events: readonly RecordedEvent[], db) {
    for (const event of events) {
      await db.query(
        `INSERT INTO event_facts (event_id, global_position, transaction_id, recorded_at, hash, as_json)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
        [
          event.eventId,
          event.globalPosition,
          event.transactionId,
          event.recordedAt,
          event.hash,
          JSON.stringify({ position: event.globalPosition, at: event.recordedAt, tags: ['a', "it's"] }),
        ],
      );
    }
  },
};

describe('a command in one round trip (es_command)', () => {
  let db: TestDatabase;
  const statements: string[] = [];
  let handler: CommandHandler;
  let counted: Pool;
  let store: EventStore;
  const run = (h: CommandHandler, accountId: string, command: LedgerCommand) =>
    h.handle(`account-${accountId}`, ledgerDecider, command, { actor, correlationId: 'req' });
  const balance = async (accountId: string) =>
    (
      await db.app.query('SELECT balance::int, movements FROM ledger_balances WHERE account_id = $1', [
        accountId,
      ])
    ).rows[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.owner.query(LEDGER_TABLE_SQL);
    await db.owner.query(`CREATE TABLE event_facts (
      event_id uuid PRIMARY KEY, global_position bigint, transaction_id xid8, recorded_at timestamptz,
      hash text, as_json jsonb)`);
    await db.owner.query('GRANT ALL ON ledger_balances, event_facts TO portal_app');
    counted = countedPool(db.app, statements);
    store = new EventStore(counted);
    handler = new CommandHandler({
      pool: counted,
      store,
      projections: new InlineProjectionRunner([ledgerProjection, factsProjection]),
    });
  });
  afterAll(() => db.drop());

  it('a command whose stream state and keys are at hand is one statement, and its read models follow', async () => {
    // The first command of this actor seals in a transaction (its key is not in memory yet).
    await run(handler, 'one', { type: 'OpenAccount', accountId: 'one', owner: 'One' });
    expect(statements).toContain('BEGIN');
    statements.length = 0;
    const deposited = await run(handler, 'one', { type: 'Deposit', accountId: 'one', amount: 25 });
    // (The first command on a connection prepares the projections' statements there first.)
    expect(statements.filter((text) => !text.startsWith('PREPARE'))).toEqual([
      'SELECT * FROM es_command($1, $2, $3, $4, $5, $6, $7)',
    ]);
    expect(deposited.version).toBe(2);
    expect(await balance('one')).toEqual({ balance: 25, movements: 1 });
    // A stream whose state this handler does not hold: the stream is read (and opened), no transaction, one statement.
    statements.length = 0;
    const fresh = new CommandHandler({
      pool: counted,
      store,
      projections: new InlineProjectionRunner([ledgerProjection, factsProjection]),
    });
    await run(fresh, 'one', { type: 'Deposit', accountId: 'one', amount: 5 });
    expect(statements).not.toContain('BEGIN');
    expect(statements.filter((s) => s.includes('es_command') || s.includes('es_append'))).toEqual([
      'SELECT * FROM es_command($1, $2, $3, $4, $5, $6, $7)',
    ]);
    expect(await balance('one')).toEqual({ balance: 30, movements: 2 });
  });

  it("a projection's statements are prepared once on a connection, then run by name; a session that lost them prepares again", async () => {
    await run(handler, 'named', { type: 'OpenAccount', accountId: 'named', owner: 'N' });
    await run(handler, 'named', { type: 'Deposit', accountId: 'named', amount: 1 });
    statements.length = 0;
    await run(handler, 'named', { type: 'Deposit', accountId: 'named', amount: 2 });
    expect(statements).toEqual(['SELECT * FROM es_command($1, $2, $3, $4, $5, $6, $7)']);
    // The pool gives back its last connection first: the one that ran them.
    const session = await db.app.connect();
    try {
      const held = await session.query(
        `SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'pp\\_%' ORDER BY statement`,
      );
      expect(held.rows.length).toBeGreaterThan(0);
      expect(held.rows.every((row) => row.statement.includes(`PREPARE ${row.name} AS `))).toBe(true);
      // The session forgets them (as a reset would); this process still thinks it holds them.
      for (const { name } of held.rows) await session.query(`DEALLOCATE ${name}`);
    } finally {
      session.release();
    }
    statements.length = 0;
    await run(handler, 'named', { type: 'Deposit', accountId: 'named', amount: 4 });
    expect(statements.filter((text) => text.includes('es_command'))).toHaveLength(2);
    expect(statements.some((text) => text.startsWith('PREPARE'))).toBe(true);
    expect(await balance('named')).toEqual({ balance: 7, movements: 3 });
  });

  it('the projections are given what the append decided: positions, transaction, time and hash, as stored', async () => {
    await run(handler, 'facts', { type: 'OpenAccount', accountId: 'facts', owner: 'F' });
    statements.length = 0;
    const { events } = await run(handler, 'facts', { type: 'Deposit', accountId: 'facts', amount: 1 });
    expect(statements).toHaveLength(1);
    const { rows } = await db.app.query(
      `SELECT f.global_position::text = e.global_position::text AS position,
              f.transaction_id = e.transaction_id AS transaction,
              f.recorded_at = date_trunc('milliseconds', e.recorded_at) AS at,
              f.hash = encode(e.hash, 'hex') AS hash,
              f.as_json->>'position' = e.global_position::text AS json_position,
              (f.as_json->>'at')::timestamptz = date_trunc('milliseconds', e.recorded_at) AS json_at,
              f.as_json->'tags' AS tags
       FROM event_facts f JOIN es_events e USING (event_id) WHERE event_id = $1`,
      [events[0].eventId],
    );
    expect(rows).toEqual([
      {
        position: true,
        transaction: true,
        at: true,
        hash: true,
        json_position: true,
        json_at: true,
        tags: ['a', "it's"],
      },
    ]);
    // What the caller is given is what a read of the stream gives, and the chain holds as verify-log recomputes it.
    const read = await new EventStore(db.app).readStream('account-facts');
    expect(events[0]).toEqual(read[1]);
    expect(await verifyChains(db.app)).toMatchObject({ ok: true });
  });

  it('a conflict appends nothing and runs no projection; the handler decides again from a fresh read', async () => {
    await run(handler, 'race', { type: 'OpenAccount', accountId: 'race', owner: 'R' });
    await run(handler, 'race', { type: 'Deposit', accountId: 'race', amount: 1 });
    // Another process writes the stream: this handler's state of it is now behind.
    const elsewhere = new CommandHandler({
      pool: db.app,
      store: new EventStore(db.app),
      projections: new InlineProjectionRunner([ledgerProjection, factsProjection]),
    });
    await run(elsewhere, 'race', { type: 'Deposit', accountId: 'race', amount: 10 });
    statements.length = 0;
    const result = await run(handler, 'race', { type: 'Deposit', accountId: 'race', amount: 100 });
    expect(statements.filter((s) => s.includes('es_command'))).toHaveLength(2);
    expect(result.version).toBe(4);
    expect(await balance('race')).toEqual({ balance: 111, movements: 3 });
    const { rows } = await db.app.query(
      `SELECT count(*)::int AS n FROM event_facts f JOIN es_events e USING (event_id) WHERE e.stream_id = 'account-race'`,
    );
    expect(rows[0].n).toBe(4);
  });

  it('a statement of a projection that fails takes the append with it', async () => {
    await run(handler, 'small', { type: 'OpenAccount', accountId: 'small', owner: 'S' });
    await db.owner.query('ALTER TABLE ledger_balances ADD CONSTRAINT small CHECK (balance < 1000)');
    try {
      statements.length = 0;
      await expect(
        run(handler, 'small', { type: 'Deposit', accountId: 'small', amount: 5000 }),
      ).rejects.toMatchObject({
        code: '23514',
      });
      expect(statements).toEqual(['SELECT * FROM es_command($1, $2, $3, $4, $5, $6, $7)']);
    } finally {
      await db.owner.query('ALTER TABLE ledger_balances DROP CONSTRAINT small');
    }
    expect(await new EventStore(db.app).streamVersion('account-small')).toBe(1);
    expect(await balance('small')).toEqual({ balance: 0, movements: 0 });
  });

  it('a key erased by another process since it was kept: nothing is appended by es_command, and the transaction seals the stand-in', async () => {
    await run(handler, 'erased', { type: 'OpenAccount', accountId: 'erased', owner: 'E' });
    await new PersonalDataKeys().erase(actor.id!, db.app);
    statements.length = 0;
    const { events } = await run(handler, 'erased', { type: 'Deposit', accountId: 'erased', amount: 7 });
    expect(statements[0]).toContain('es_command');
    expect(statements).toContain('BEGIN');
    expect(events[0].metadata.actor.name).toBe('Erased member');
    expect(await new EventStore(db.app).streamVersion('account-erased')).toBe(2);
    expect(await balance('erased')).toEqual({ balance: 7, movements: 1 });
  });

  it('a projection that reads an answer or computes with the time goes the transaction way, with the same rows', async () => {
    const reading: InlineProjection = {
      name: 'reading',
      eventTypes: ['MoneyDeposited'],
      tables: [],
      async apply(events, db) {
        const { rows } = await db.query('SELECT 1 AS one');
        if (rows[0].one !== 1) throw new Error('no answer');
        for (const event of events) {
          if (Number.isNaN(new Date(event.recordedAt.toISOString()).getTime())) throw new Error('no time');
        }
      },
    };
    const careful = new CommandHandler({
      pool: counted,
      store: new EventStore(counted, undefined, new PersonalData()),
      projections: new InlineProjectionRunner([ledgerProjection, factsProjection, reading]),
    });
    await run(careful, 'careful', { type: 'OpenAccount', accountId: 'careful', owner: 'C' });
    await run(careful, 'careful', { type: 'Deposit', accountId: 'careful', amount: 3 });
    statements.length = 0;
    await run(careful, 'careful', { type: 'Deposit', accountId: 'careful', amount: 4 });
    expect(statements).not.toContain('SELECT * FROM es_command($1, $2, $3, $4, $5, $6, $7)');
    expect(statements).toContain('COMMIT');
    expect(await balance('careful')).toEqual({ balance: 7, movements: 2 });
  });

  it('oneTrip: false always takes the transaction way', async () => {
    const plain = new CommandHandler({
      pool: counted,
      store: new EventStore(counted),
      projections: new InlineProjectionRunner([ledgerProjection, factsProjection]),
      oneTrip: false,
    });
    await run(plain, 'plain', { type: 'OpenAccount', accountId: 'plain', owner: 'P' });
    statements.length = 0;
    await run(plain, 'plain', { type: 'Deposit', accountId: 'plain', amount: 2 });
    expect(statements).toEqual([
      'BEGIN',
      expect.stringContaining('pd_keys_for_sealing'),
      'SELECT * FROM es_append($1, $2, $3, $4)',
      expect.stringContaining('INSERT INTO ledger_balances'),
      expect.stringContaining('INSERT INTO event_facts'),
      'COMMIT',
    ]);
  });
});
