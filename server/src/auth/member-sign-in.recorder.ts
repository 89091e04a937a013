import type { PoolClient } from 'pg';

export interface SignInMember {
  workspaceId: string;
  memberId: string;
  name: string;
}

/**
 * How auth records a member's sign-in activity without driving a module's
 * decider: the members module implements it (member-sign-in.service.ts) and
 * the app hands it over where services are made. Each call is one
 * transaction: the event, then `within` (credentials, outbox) with its id;
 * false, recording nothing, when the member is no longer one (removed).
 */
export interface MemberSignInRecorder {
  recordLinkRequest(
    member: SignInMember,
    link: { linkId: string; expiresAt: Date; batchId: string; batchIndex: number; batchSize: number },
    requestId: string,
    within: (db: PoolClient, eventId: string) => Promise<void>,
  ): Promise<boolean>;
  recordSignIn(
    member: SignInMember,
    sessionId: string,
    requestId: string,
    within: (db: PoolClient, eventId: string) => Promise<void>,
  ): Promise<boolean>;
}

/** What email_outbox.payload holds for the last link request of a batch: every link's token, for one email. */
export interface MemberSignInOutboxPayload {
  kind: 'member-sign-in';
  links: { workspaceId: string; memberId: string; token: string }[];
  /** The console page to land on after signing in (isConsoleReturnPath). */
  returnTo?: string;
}

/** What email_outbox.payload holds for a MemberInvited event: the invitation's token. */
export interface MemberInvitationOutboxPayload {
  kind: 'member-invitation';
  token: string;
}
