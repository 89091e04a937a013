import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EventStore } from '../event-store/event-store';
import type { Actor } from '../event-store/event.types';
import { createTestDatabase, type TestDatabase } from '../test/test-database';
import {
  LEDGER_TABLE_SQL,
  ledgerDecider,
  ledgerProjection,
  type LedgerCommand,
} from '../test/fixtures/ledger.fixture';
import { CommandHandler } from './command-handler';
import { InlineProjectionRunner } from './inline-projection';
import { rebuildProjections } from './rebuild';
import { rebuildCommand } from './rebuild.command';

const actor: Actor = { kind: 'MEMBER', id: 'm1', name: 'Ava Owner' };

describe('rebuild-projections', () => {
  let db: TestDatabase;
  let store: EventStore;
  const runner = new InlineProjectionRunner([ledgerProjection]);
  const snapshot = async () =>
    (await db.owner.query('SELECT * FROM ledger_balances ORDER BY account_id')).rows;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.owner.query(LEDGER_TABLE_SQL);
    store = new EventStore(db.app);
    const handler = new CommandHandler({ pool: db.app, store, projections: runner });
    // A mixed workload: opens, deposits, withdrawals, refusals and concurrency, over 30 accounts.
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      const id = `acc${i}`;
      const send = (command: LedgerCommand) =>
        handler
          .handle(`account-${id}`, ledgerDecider, command, { actor, correlationId: `w${i}` })
          .catch(() => undefined);
      work.push(
        (async () => {
          await send({ type: 'OpenAccount', accountId: id, owner: `Owner ${i}` });
          await Promise.all(
            [1, 2, 3].map((n) => send({ type: 'Deposit', accountId: id, amount: n * 10 + i })),
          );
          await send({ type: 'Withdraw', accountId: id, amount: 15 });
          await send({ type: 'Withdraw', accountId: id, amount: 1_000_000 });
        })(),
      );
    }
    await Promise.all(work);
  });
  afterAll(() => db.drop());

  it('--verify finds the read models equal to a replay of the log, and changes nothing', async () => {
    const before = await snapshot();
    expect(before).toHaveLength(30);
    const result = await rebuildProjections(db.app, store, runner, { verify: true, batchSize: 17 });
    expect(result.differences).toEqual([]);
    expect(result.events).toBeGreaterThanOrEqual(30 * 3);
    expect(await snapshot()).toEqual(before);
  });

  it('a rebuild truncates and replays into the same rows', async () => {
    const before = await snapshot();
    await db.owner.query(`UPDATE ledger_balances SET balance = balance + 1`);
    const result = await rebuildProjections(db.app, store, runner, { batchSize: 25 });
    expect(result.differences).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('--verify reports a row altered by hand, a row deleted and a row added, and the command exits 1', async () => {
    await db.owner.query(`UPDATE ledger_balances SET balance = balance + 1 WHERE account_id = 'acc3'`);
    await db.owner.query(`DELETE FROM ledger_balances WHERE account_id = 'acc4'`);
    await db.owner.query(`INSERT INTO ledger_balances VALUES ('ghost', 'G', 1, 1, 1, now())`);
    const result = await rebuildProjections(db.app, store, runner, { verify: true });
    expect(result.differences).toEqual([
      expect.objectContaining({ table: 'ledger_balances', onlyLive: 2, onlyRebuilt: 2 }),
    ]);
    const lines: string[] = [];
    expect(await rebuildCommand(db.app, store, runner, true, (line) => lines.push(line))).toBe(1);
    expect(lines.join('\n')).toMatch(
      /DIFFERENT ledger_balances: 2 live rows not rebuilt, 2 rebuilt rows not live/,
    );
    expect(lines.join('\n')).toMatch(/"account_id":"ghost"/);

    expect(await rebuildCommand(db.app, store, runner, false, () => undefined)).toBe(0);
    expect(await rebuildCommand(db.app, store, runner, true, (line) => lines.push(line))).toBe(0);
    expect(lines[lines.length - 1]).toBe('read models equal the log');
  });

  it('the CLI runs against the database of DATABASE_URL and exits 0 when equal', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', 'server/src/cli.ts', 'rebuild-projections', '--verify'],
      { cwd: join(__dirname, '..', '..', '..'), env: { ...process.env, DATABASE_URL: db.url } },
    );
    expect(stdout).toMatch(/read models equal the log/);
  });
});
