import { EventStore } from '../event-store/event-store';
import { ConcurrencyError } from '../event-store/event-store.errors';
import type { Actor } from '../event-store/event.types';
import { createTestDatabase, type TestDatabase } from '../test/test-database';
import {
  LEDGER_TABLE_SQL,
  ledgerDecider,
  ledgerProjection,
  type LedgerCommand,
} from '../test/fixtures/ledger.fixture';
import { CommandHandler } from './command-handler';
import { ConflictError, DomainError } from './domain.errors';
import { InlineProjectionRunner } from './inline-projection';

const actor: Actor = { kind: 'MEMBER', id: 'm1', name: 'Ava Owner' };
const NOW = new Date('2026-03-01T09:00:00.000Z');

describe('CommandHandler: decide, append and project in one transaction', () => {
  let db: TestDatabase;
  let store: EventStore;
  let handler: CommandHandler;
  const run = (accountId: string, command: LedgerCommand) =>
    handler.handle(`account-${accountId}`, ledgerDecider, command, { actor, correlationId: 'req-1' });
  const balance = async (accountId: string) =>
    (
      await db.app.query('SELECT balance, movements, owner FROM ledger_balances WHERE account_id = $1', [
        accountId,
      ])
    ).rows[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.owner.query(LEDGER_TABLE_SQL);
    store = new EventStore(db.app);
    handler = new CommandHandler({
      pool: db.app,
      store,
      projections: new InlineProjectionRunner([ledgerProjection]),
      clock: () => NOW,
    });
  });
  afterAll(() => db.drop());

  it('appends what the decider decides, with metadata, and the read model follows in the same transaction', async () => {
    const opened = await run('a', { type: 'OpenAccount', accountId: 'a', owner: 'Ava' });
    expect(opened.version).toBe(1);
    expect(opened.events[0].data).toEqual({ accountId: 'a', owner: 'Ava', openedAt: NOW.toISOString() });
    expect(opened.events[0].metadata).toMatchObject({
      actor,
      correlationId: 'req-1',
      causationId: expect.any(String),
    });
    await run('a', { type: 'Deposit', accountId: 'a', amount: 100 });
    const withdrawn = await run('a', { type: 'Withdraw', accountId: 'a', amount: 30 });
    expect(withdrawn.state).toEqual({ opened: true, balance: 70 });
    expect(await balance('a')).toEqual({ balance: '70', movements: 2, owner: 'Ava' });
  });

  it('a command that decides nothing appends nothing', async () => {
    const again = await run('a', { type: 'OpenAccount', accountId: 'a', owner: 'Someone else' });
    expect(again.events).toEqual([]);
    expect(await store.streamVersion('account-a')).toBe(3);
  });

  it('a refused command appends nothing and changes no read model', async () => {
    await expect(run('a', { type: 'Withdraw', accountId: 'a', amount: 1000 })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'amount',
    });
    await expect(run('nobody', { type: 'Deposit', accountId: 'nobody', amount: 1 })).rejects.toBeInstanceOf(
      DomainError,
    );
    expect(await store.streamVersion('account-a')).toBe(3);
    expect(await store.streamVersion('account-nobody')).toBe(0);
    expect(await balance('a')).toMatchObject({ balance: '70' });
  });

  it('a projection that fails takes the append back with it', async () => {
    await run('b', { type: 'OpenAccount', accountId: 'b', owner: 'Bo' });
    await db.owner.query('ALTER TABLE ledger_balances ADD CONSTRAINT small CHECK (balance < 1000)');
    try {
      await expect(run('b', { type: 'Deposit', accountId: 'b', amount: 5000 })).rejects.toMatchObject({
        code: '23514',
      });
    } finally {
      await db.owner.query('ALTER TABLE ledger_balances DROP CONSTRAINT small');
    }
    expect(await store.streamVersion('account-b')).toBe(1);
    expect(await balance('b')).toMatchObject({ balance: '0' });
  });

  it('20 concurrent commands on one stream: each succeeds after retries or answers CONFLICT, and nothing is lost', async () => {
    await run('race', { type: 'OpenAccount', accountId: 'race', owner: 'Race' });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        run('race', { type: 'Deposit', accountId: 'race', amount: i + 1 }),
      ),
    );
    const succeeded = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i + 1] : []));
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ConflictError);
    }
    expect(succeeded.length).toBeGreaterThan(0);
    expect(await store.streamVersion('account-race')).toBe(1 + succeeded.length);
    const total = succeeded.reduce((sum, amount) => sum + amount, 0);
    expect(await balance('race')).toMatchObject({ balance: String(total), movements: succeeded.length });
  });

  it('answers CONFLICT once the attempts run out, having reloaded the stream before each', async () => {
    await run('busy', { type: 'OpenAccount', accountId: 'busy', owner: 'Busy' });
    let appends = 0;
    let reads = 0;
    // Another writer always gets in between this handler's read and its append.
    class Contended extends EventStore {
      override readStream(...args: Parameters<EventStore['readStream']>) {
        reads++;
        return super.readStream(...args);
      }
      override async append(...args: Parameters<EventStore['append']>): ReturnType<EventStore['append']> {
        appends++;
        throw new ConcurrencyError(args[0], args[1] as number, (args[1] as number) + 1);
      }
      override async appendProjected(
        ...args: Parameters<EventStore['appendProjected']>
      ): ReturnType<EventStore['appendProjected']> {
        appends++;
        throw new ConcurrencyError(args[0], args[1], args[1] + 1);
      }
    }
    const contended = new CommandHandler({
      pool: db.app,
      store: new Contended(db.app),
      projections: new InlineProjectionRunner([ledgerProjection]),
      maxAttempts: 3,
    });
    const error = await contended
      .handle(
        'account-busy',
        ledgerDecider,
        { type: 'Deposit', accountId: 'busy', amount: 1 },
        { actor, correlationId: 'r' },
      )
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.code).toBe('CONFLICT');
    expect([appends, reads]).toEqual([3, 3]);
    expect(await store.streamVersion('account-busy')).toBe(1);
  });
});
