import type { Decider } from '../../projections/decider';
import type { SignInEvent } from './contact-sign-in.events';

type ContactScope = { workspaceId: string; clientId: string; contactId: string };

export type ContactSignInCommand =
  | { type: 'RequestSignInLink'; scope: ContactScope; linkId: string; expiresAt: Date }
  | { type: 'RecordSignIn'; scope: ContactScope; name: string; sessionId: string };

/**
 * A contact's sign-in stream: facts that need no past. Whether the contact
 * may sign in at all (live, of a client not archived, on an open portal) is
 * checked against the read models under a share lock in the same transaction
 * (contact-sign-in.service.ts), which is what serialises a sign-in with an
 * archive, a removal or the portal being turned off.
 */
export const contactSignInDecider: Decider<null, ContactSignInCommand, SignInEvent> = {
  initialState: () => null,
  evolve: (state) => state,
  decide(command, _state, { now }) {
    switch (command.type) {
      case 'RequestSignInLink':
        return [
          {
            type: 'SignInLinkRequested',
            data: { ...command.scope, linkId: command.linkId, expiresAt: command.expiresAt.toISOString() },
          },
        ];
      case 'RecordSignIn':
        return [
          {
            type: 'ContactSignedIn',
            data: {
              ...command.scope,
              name: command.name,
              sessionId: command.sessionId,
              signedInAt: now.toISOString(),
            },
          },
        ];
    }
  },
};
