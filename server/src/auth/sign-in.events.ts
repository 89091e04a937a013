import type { DomainEvent } from '../event-store/event.types';

type ContactScoped<T> = { workspaceId: string; clientId: string; contactId: string } & T;

/**
 * A contact asked for a sign-in link. The link's token is not here: its hash
 * is in login_links and the token itself waits in email_outbox (keyed by this
 * event's id) until the email job is queued.
 */
export type SignInLinkRequested = DomainEvent<
  'SignInLinkRequested',
  ContactScoped<{ linkId: string; expiresAt: string }>
>;
export type ContactSignedIn = DomainEvent<
  'ContactSignedIn',
  ContactScoped<{ name: string; sessionId: string; signedInAt: string }>
>;

export type SignInEvent = SignInLinkRequested | ContactSignedIn;

/** What email_outbox.payload holds for a SignInLinkRequested event. */
export interface SignInOutboxPayload {
  kind: 'sign-in';
  token: string;
}
