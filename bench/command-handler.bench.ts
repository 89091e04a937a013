import type { Pool } from 'pg';
import type { CommandContext, CommandHandler } from '../server/src/projections/command-handler';
import { ledgerDecider } from '../server/src/test/fixtures/ledger.fixture';
import { benchMetadata, newAccount, type Contender } from './bench.helpers';

interface Account {
  accountId: string;
  deposits: number;
}

export interface CommandContender extends Contender {
  /** Every account its writers opened, for the read-model check and the stream lengths. */
  accounts: Account[];
}

const context = (): CommandContext => {
  const { actor, correlationId } = benchMetadata();
  return { actor, correlationId };
};

/**
 * Ours through the command handler: each command loads its account's stream,
 * decides, appends with the expected version and updates `ledger_balances`
 * inline, in one transaction. A writer opens its first account before the
 * warm-up; with `depositsPerAccount` it opens a new one (counted as a command)
 * every so many deposits, otherwise its one stream keeps growing.
 */
export function depositContender(
  handler: CommandHandler,
  key: string,
  writers: number,
  depositsPerAccount = Infinity,
): CommandContender {
  const accounts: Account[] = [];
  const open = async () => {
    const { streamId, accountId } = newAccount();
    await handler.handle(
      streamId,
      ledgerDecider,
      { type: 'OpenAccount', accountId, owner: 'bench' },
      context(),
    );
    const account = { accountId, deposits: 0 };
    accounts.push(account);
    return { streamId, account };
  };
  return {
    key,
    writers,
    accounts,
    makeWriter: async () => {
      let current = await open();
      return async () => {
        if (current.account.deposits >= depositsPerAccount) {
          current = await open();
          return 1;
        }
        const { streamId, account } = current;
        await handler.handle(
          streamId,
          ledgerDecider,
          { type: 'Deposit', accountId: account.accountId, amount: 10 },
          context(),
        );
        account.deposits++;
        return 1;
      };
    },
  };
}

/** The longest account stream the contender's writers made (AccountOpened and its deposits). */
export function longestStream(contender: CommandContender): number {
  return 1 + Math.max(0, ...contender.accounts.map((account) => account.deposits));
}

/** The read model must hold exactly the deposits made, or the figure means nothing. */
export async function checkBalances(pool: Pool, contender: CommandContender): Promise<void> {
  const { rows } = await pool.query<{ account_id: string; balance: string; movements: number }>(
    'SELECT account_id, balance, movements FROM ledger_balances WHERE account_id = ANY($1)',
    [contender.accounts.map((account) => account.accountId)],
  );
  const byId = new Map(rows.map((row) => [row.account_id, row]));
  for (const account of contender.accounts) {
    const row = byId.get(account.accountId);
    if (!row || row.movements !== account.deposits || Number(row.balance) !== account.deposits * 10) {
      throw new Error(
        `${contender.key}: ledger_balances for ${account.accountId} is ${JSON.stringify(row ?? null)}, ` +
          `expected ${account.deposits} deposits of 10`,
      );
    }
  }
}
