import type { InvoiceDocuments } from '../invoices/invoice.documents';
import type { EmailSeal } from './email.seal';

interface EmailJobBase {
  workspaceId: string;
  /** The event that asked for this email. */
  eventId: string;
  to: { email: string; name: string | null };
  /** How often a worker whose database lacks the workspace put the job back (email.put-back.ts). */
  putBacks?: number;
}

/**
 * A sign-in email. `sealedLink` is the link sealed under a key Redis never
 * sees (email.seal.ts, bound to this job's workspace, event and recipient):
 * no usable link is ever in Redis. It too leaves the job once the email is
 * sent (or has failed for good).
 */
export interface SignInEmailJob extends EmailJobBase {
  kind: 'sign-in';
  sealedLink?: string;
  /** When the link stops working: an email that could not go out before then is not sent at all. */
  expiresAt: string;
}

/**
 * An invoice sent, a payment's receipt, or a reminder of an unpaid invoice
 * (amounts in minor units). `sealedLink` is the link with the recipient's
 * invoice key (PUBLIC_URL/p/SLUG/invoices/ID?key=KEY), sealed as sign-in
 * links are, and removed from the job once it is over. The invoice's PDF (a
 * receipt's: the payment's) is made and attached when the email is sent.
 */
export interface InvoiceEmailJob extends EmailJobBase {
  kind: 'invoice' | 'receipt' | 'invoice-reminder';
  sealedLink?: string;
  invoiceId: string;
  /** Receipts: the payment. */
  paymentId?: string;
  number: string;
  currency: string;
  total: number;
  /** Receipts: the payment; reminders: what is still due. */
  amount?: number;
  /** Receipts: what is left to pay after the payment. */
  remaining?: number;
  /** YYYY-MM-DD. */
  dueDate: string | null;
  reminder?: 'before-due' | 'on-due' | 'after-due';
  /** Days from the due date of a reminder (-3: three days before). */
  daysFromDue?: number;
  /** Jobs queued before invoice keys: the portal's billing page of the invoice's project (no secret in it). */
  link?: string;
}

/**
 * A member's sign-in email: a link to the console for each workspace the
 * address belongs to, each sealed (bound to this job and its place in the list).
 */
export interface MemberSignInEmailJob extends EmailJobBase {
  kind: 'member-sign-in';
  links?: { companyName: string; sealedLink: string }[];
  expiresAt: string;
}

/** An invitation to a workspace's console: one sealed link, 7 days. */
export interface MemberInvitationEmailJob extends EmailJobBase {
  kind: 'member-invitation';
  sealedLink?: string;
  inviterName: string;
  expiresAt: string;
}

/**
 * A member's notification email: an INSTANT member's batch of one project
 * (eventId: the batch's id), or a DAILY_DIGEST member's day (eventId: the
 * digest's member and day). The notifications are read at send time, by id,
 * and only the member's own.
 */
export interface NotificationEmailJob extends EmailJobBase {
  kind: 'notification';
  memberId: string;
  notificationIds: string[];
  digest: boolean;
  /** Digests: the local day (YYYY-MM-DD). */
  day?: string;
  /** PUBLIC_URL, which the console links start with (no secret in them). */
  publicUrl: string;
}

/**
 * A member's message in a project, to one contact of its client. No secret:
 * the link is the project's page in the portal, behind the contact's sign-in;
 * the message's text is read from the database when the email is sent.
 */
export interface MessageEmailJob extends EmailJobBase {
  kind: 'message';
  messageId: string;
  projectId: string;
  /** PUBLIC_URL/p/SLUG/projects/PROJECT_ID?tab=overview#conversation */
  link: string;
}

/** Every kind of email job. */
export type EmailJobData =
  | SignInEmailJob
  | InvoiceEmailJob
  | MemberSignInEmailJob
  | MemberInvitationEmailJob
  | NotificationEmailJob
  | MessageEmailJob;
export type EmailKind = EmailJobData['kind'];

/** What a composer knows besides the job: PUBLIC_URL, for the logo's stable address (null: no logo); the seal; the PDFs. */
export interface EmailComposeContext {
  publicUrl: string | null;
  seal?: EmailSeal;
  /** The invoices' and receipts' PDFs, to attach. */
  documents?: InvoiceDocuments;
}

/** What a job's secret is sealed to: its workspace, event and recipient. */
export const sealBinding = (job: EmailJobBase) =>
  `${job.workspaceId}|${job.eventId}|${job.to.email.toLowerCase()}`;

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
  if (data.kind === 'member-sign-in') {
    const { links: _links, ...rest } = data;
    return rest;
  }
  if (!('sealedLink' in data)) return data;
  const { sealedLink: _sealed, ...rest } = data;
  return rest as EmailJobData;
}

/** Whether a job still holds a sealed secret (to remove once it is over). */
export const holdsSecrets = (data: EmailJobData) => 'sealedLink' in data || 'links' in data;
