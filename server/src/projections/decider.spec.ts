import { DeciderSpecification, FIXED_NOW } from '../test/decider.specification';
import { ledgerDecider, type LedgerEvent } from '../test/fixtures/ledger.fixture';
import { fold } from './decider';

const opened: LedgerEvent = {
  type: 'AccountOpened',
  data: { accountId: 'a1', owner: 'Ava', openedAt: '2026-01-01T00:00:00.000Z' },
};
const deposited = (amount: number): LedgerEvent => ({
  type: 'MoneyDeposited',
  data: { accountId: 'a1', amount },
});

describe('DeciderSpecification (given / when / then)', () => {
  const spec = DeciderSpecification(ledgerDecider);

  it('then: compares the decided events, with the clock passed in', () => {
    spec
      .given([])
      .when({ type: 'OpenAccount', accountId: 'a1', owner: 'Ava' })
      .then([
        { type: 'AccountOpened', data: { accountId: 'a1', owner: 'Ava', openedAt: FIXED_NOW.toISOString() } },
      ]);
  });

  it('given: folds the past events into the state the command meets', () => {
    spec
      .given([opened, deposited(70)])
      .when({ type: 'Withdraw', accountId: 'a1', amount: 70 })
      .then([{ type: 'MoneyWithdrawn', data: { accountId: 'a1', amount: 70 } }]);
  });

  it('thenNothingHappens: an idempotent command decides no events', () => {
    spec.given([opened]).when({ type: 'OpenAccount', accountId: 'a1', owner: 'Ava' }).thenNothingHappens();
  });

  it('thenRefuses: checks the error code and the field at fault', () => {
    spec
      .given([opened, deposited(10)])
      .when({ type: 'Withdraw', accountId: 'a1', amount: 11 })
      .thenRefuses('BAD_USER_INPUT', 'amount');
    spec
      .given([])
      .when({ type: 'Deposit', accountId: 'a1', amount: 5 })
      .thenRefuses('NOT_FOUND', 'accountId');
  });

  it('fails when the decider decides something else', () => {
    expect(() =>
      spec
        .given([opened])
        .when({ type: 'Deposit', accountId: 'a1', amount: 5 })
        .then([deposited(6)]),
    ).toThrow();
    expect(() =>
      spec.given([opened]).when({ type: 'Deposit', accountId: 'a1', amount: 5 }).thenRefuses('NOT_FOUND'),
    ).toThrow();
  });

  it('fold evolves from the initial state in order', () => {
    expect(fold(ledgerDecider, [opened, deposited(3), deposited(4)])).toEqual({ opened: true, balance: 7 });
  });
});
