import type { Decider } from '../../projections/decider';
import { DomainError } from '../../projections/domain.errors';
import { bad } from '../shared/validation';
import type { StripeAccountConnected, WorkspaceEvent } from '../workspaces/workspace.events';

/** A Stripe account id: acct_ and letters or digits. */
export const STRIPE_ACCOUNT_ID = /^acct_[A-Za-z0-9]{1,100}$/;

export type StripeAccountCommand = { type: 'ConnectStripeAccount'; accountId: string | null };

export interface StripeAccountState {
  workspaceId: string | null;
  accountId: string | null;
}

/**
 * The payments side of a workspace's stream: which Stripe account its checkout
 * sessions are made on. Every other workspace event leaves this state alone.
 */
export const stripeAccountDecider: Decider<StripeAccountState, StripeAccountCommand, WorkspaceEvent> = {
  initialState: () => ({ workspaceId: null, accountId: null }),
  evolve(state, event) {
    if (event.type === 'WorkspaceCreated') return { ...state, workspaceId: event.data.workspaceId };
    if (event.type === 'StripeAccountConnected') return { ...state, accountId: event.data.accountId };
    return state;
  },
  decide(command, state) {
    const workspaceId = state.workspaceId;
    if (!workspaceId) throw new DomainError('NOT_FOUND', 'workspace not found');
    const accountId =
      command.accountId == null || command.accountId.trim() === '' ? null : command.accountId.trim();
    if (accountId !== null && !STRIPE_ACCOUNT_ID.test(accountId))
      throw bad('accountId', 'must be a Stripe account id such as acct_1A2b3C4d5E6f7G8h');
    if (accountId === state.accountId) return [];
    const event: StripeAccountConnected = {
      type: 'StripeAccountConnected',
      data: { workspaceId, accountId },
    };
    return [event];
  },
};
