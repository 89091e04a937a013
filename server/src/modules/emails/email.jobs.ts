interface EmailJobBase {
  workspaceId: string;
  /** The event that asked for this email. */
  eventId: string;
  to: { email: string; name: string | null };
}

/**
 * A sign-in email. `link` holds the raw token: it exists only until the email
 * is sent (or has failed for good), then the worker removes it from Redis.
 */
export interface SignInEmailJob extends EmailJobBase {
  kind: 'sign-in';
  link?: string;
  /** When the link stops working: an email that could not go out before then is not sent at all. */
  expiresAt: string;
}

/** Every kind of email job; issue 7 adds invoices and receipts here. */
export type EmailJobData = SignInEmailJob;
export type EmailKind = EmailJobData['kind'];

/** A job the dispatcher queues for one event and one recipient. */
export interface PlannedEmailJob {
  jobId: string;
  data: EmailJobData;
}

/**
 * The job id of an event's email to one recipient: a replay of the same event
 * yields the same id, and BullMQ adds nothing for an id it still holds.
 * (Dots, not colons: BullMQ reserves ':' in custom ids.)
 */
export function emailJobId(kind: EmailKind, eventId: string, recipientId: string): string {
  return `${kind}.${eventId}.${recipientId}`;
}

/** The job's data without anything secret, as kept in Redis once the job is over. */
export function withoutSecrets(data: EmailJobData): EmailJobData {
  const { link: _link, ...rest } = data;
  return rest;
}
