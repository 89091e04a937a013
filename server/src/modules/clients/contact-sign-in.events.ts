import type { DomainEvent } from '../../event-store/event.types';

type ContactScoped<T> = { workspaceId: string; clientId: string; contactId: string } & T;

/**
 * A contact asked for a sign-in link. The link's token is not here: its hash
 * is in login_links and the token itself waits in email_outbox (keyed by this
 * event's id) until the email job is queued, sealed.
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

/**
 * Each contact's sign-in activity is a stream of its own, apart from the
 * client's: contacts of one client signing in at once never contend, and
 * appends to it expect no version (the decision needs no past).
 * (Events recorded before this stream existed are on the client's stream.)
 */
export const contactSignInStreamId = (contactId: string) => `signin-${contactId}`;
