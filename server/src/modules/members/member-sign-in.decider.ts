import type { Decider } from '../../projections/decider';
import type { MemberSignInEvent } from './member.events';

export type MemberSignInCommand =
  | {
      type: 'RequestMemberSignInLink';
      workspaceId: string;
      memberId: string;
      linkId: string;
      expiresAt: Date;
      batchId: string;
      batchIndex: number;
      batchSize: number;
    }
  | { type: 'RecordMemberSignIn'; workspaceId: string; memberId: string; name: string; sessionId: string };

/**
 * A member's sign-in stream: facts that need no past. Whether the member may
 * still sign in is read under a share lock in the same transaction
 * (member-sign-in.service.ts), which serialises it with a removal.
 */
export const memberSignInDecider: Decider<null, MemberSignInCommand, MemberSignInEvent> = {
  initialState: () => null,
  evolve: (state) => state,
  decide(command, _state, { now }) {
    switch (command.type) {
      case 'RequestMemberSignInLink': {
        const { type: _type, expiresAt, ...data } = command;
        return [{ type: 'MemberSignInLinkRequested', data: { ...data, expiresAt: expiresAt.toISOString() } }];
      }
      case 'RecordMemberSignIn': {
        const { type: _type, ...data } = command;
        return [{ type: 'MemberSignedIn', data: { ...data, signedInAt: now.toISOString() } }];
      }
    }
  },
};
