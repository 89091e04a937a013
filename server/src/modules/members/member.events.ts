import type { DomainEvent } from '../../event-store/event.types';

export type MemberRole = 'OWNER' | 'MEMBER';

type WorkspaceScoped<T> = { workspaceId: string } & T;

/**
 * The team's changes, on the workspace's stream (a workspace's owner is
 * WorkspaceCreated's owner). An invitation's token is never here: its hash is
 * in member_login_links and the token waits in email_outbox under this
 * event's id until the email job is queued, sealed.
 */
export type MemberInvited = DomainEvent<
  'MemberInvited',
  WorkspaceScoped<{
    memberId: string;
    name: string;
    email: string;
    role: MemberRole;
    linkId: string;
    expiresAt: string;
  }>
>;
export type MemberRoleChanged = DomainEvent<
  'MemberRoleChanged',
  WorkspaceScoped<{ memberId: string; name: string; role: MemberRole; previousRole: MemberRole }>
>;
export type MemberRemoved = DomainEvent<'MemberRemoved', WorkspaceScoped<{ memberId: string; name: string }>>;

/** A removed member's personal data was erased (their key deleted). Carries no personal data. */
export type MemberErased = DomainEvent<'MemberErased', WorkspaceScoped<{ memberId: string }>>;

export type TeamEvent = MemberInvited | MemberRoleChanged | MemberRemoved | MemberErased;

/**
 * A member's sign-in activity: a stream per member (member-signin-ID), apart
 * from the workspace's, appended without an expected version, so members
 * signing in at once never contend (as contacts' sign-ins). Still in the
 * workspace's log (its tenant), replayed by rebuild-projections.
 * `batchId`/`batchSize`: one request for an address that is a member of
 * several workspaces asks for a link in each, in one transaction, and one
 * email carries them all.
 */
export type MemberSignInLinkRequested = DomainEvent<
  'MemberSignInLinkRequested',
  WorkspaceScoped<{
    memberId: string;
    linkId: string;
    expiresAt: string;
    batchId: string;
    batchIndex: number;
    batchSize: number;
  }>
>;
export type MemberSignedIn = DomainEvent<
  'MemberSignedIn',
  WorkspaceScoped<{ memberId: string; name: string; sessionId: string; signedInAt: string }>
>;

export type MemberSignInEvent = MemberSignInLinkRequested | MemberSignedIn;

export const memberSignInStreamId = (memberId: string) => `member-signin-${memberId}`;
