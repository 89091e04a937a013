/**
 * What email_outbox.payload holds for a SignInLinkRequested event: the raw
 * token, written with the event and read (then deleted) by the email
 * dispatcher, which seals it into the email job. It never enters an event.
 */
export interface SignInOutboxPayload {
  kind: 'sign-in';
  token: string;
}
