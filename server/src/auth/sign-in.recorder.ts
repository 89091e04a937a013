import type { PoolClient } from 'pg';

export interface SignInContact {
  workspaceId: string;
  clientId: string;
  contactId: string;
  name: string;
}

/**
 * How auth records a contact's sign-in activity without driving a module's
 * decider: the clients module implements it (contact-sign-in.service.ts) and
 * the app hands it over where services are made. Each call is one
 * transaction that appends the event, then runs `within` (credentials,
 * outbox) with the event's id; it answers false, recording nothing, when the
 * contact can no longer sign in (removed, client archived, portal off).
 */
export interface SignInRecorder {
  recordLinkRequest(
    contact: SignInContact,
    link: { linkId: string; expiresAt: Date },
    requestId: string,
    within: (db: PoolClient, eventId: string) => Promise<void>,
  ): Promise<boolean>;
  recordSignIn(
    contact: SignInContact,
    sessionId: string,
    requestId: string,
    within: (db: PoolClient, eventId: string) => Promise<void>,
  ): Promise<boolean>;
}
