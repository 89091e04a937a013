import type { Queryable } from '../../db/queryable';
import type { RecordedEvent } from '../../event-store/event.types';
import type { PoolClient } from 'pg';
import type { MailAttachment, MailMessage } from '../../integrations/mailer';
import { invoiceKeyLink } from '../invoices/invoice-key';
import { reminderKind } from '../invoices/invoice-reminder.schedule';
import type { InvoiceReminderSent, InvoiceSent, PaymentRecorded } from '../invoices/invoice.events';
import { formatMoney } from '../invoices/invoice.money';
import type { EmailPlanContext, EmailPlanner } from './email.planner';
import { loadEmailBranding } from './email.branding';
import { PermanentEmailError } from './email.errors';
import {
  emailJobId,
  sealBinding,
  type EmailComposeContext,
  type InvoiceEmailJob,
  type PlannedEmailJob,
} from './email.jobs';
import { renderInvoiceEmail } from './templates/invoice.template';

export interface InvoiceRecipient {
  id: string;
  name: string;
  email: string;
}

/** The live contacts of a client and the workspace's slug. */
export async function invoiceRecipients(
  db: Queryable,
  workspaceId: string,
  clientId: string,
): Promise<{ slug: string | null; contacts: InvoiceRecipient[] }> {
  const [{ rows: workspace }, { rows: contacts }] = await Promise.all([
    db.query('SELECT slug FROM workspaces WHERE id = $1', [workspaceId]),
    db.query(
      `SELECT id, name, email FROM contacts WHERE workspace_id = $1 AND client_id = $2 AND NOT removed
       ORDER BY sort_key`,
      [workspaceId, clientId],
    ),
  ]);
  return { slug: workspace[0]?.slug ?? null, contacts };
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

/**
 * The jobs of one invoice email to each live contact: each with the
 * contact's own key to the invoice (made and hashed in the planner's
 * transaction), its link sealed to the job.
 */
export async function keyedInvoiceJobs(
  db: PoolClient,
  { publicUrl, seal, keys }: EmailPlanContext,
  event: { eventId: string; recordedAt: Date },
  invoice: { workspaceId: string; clientId: string; invoiceId: string },
  contacts: InvoiceRecipient[],
  slug: string,
  job: (contact: InvoiceRecipient) => InvoiceEmailJob,
): Promise<PlannedEmailJob[]> {
  const planned: PlannedEmailJob[] = [];
  for (const contact of contacts) {
    const data = job(contact);
    const key = await keys.issue(
      db,
      { ...invoice, contactId: contact.id, email: contact.email, eventId: event.eventId },
      event.recordedAt,
    );
    data.sealedLink = await seal.seal(
      invoiceKeyLink(publicUrl, slug, invoice.invoiceId, key),
      sealBinding(data),
      db,
    );
    planned.push({ jobId: emailJobId(data.kind, event.eventId, contact.id), data });
  }
  return planned;
}

/**
 * InvoiceSent → one email per live contact: number, total, due date, the
 * invoice's PDF, and a link with the contact's key that opens and pays it.
 * An invoice voided before its email went out is not emailed.
 */
export const planInvoiceEmails: EmailPlanner = async (event, db, context) => {
  const { data } = event as RecordedEvent<InvoiceSent>;
  const { slug, contacts } = await invoiceRecipients(db, data.workspaceId, data.clientId);
  if (!slug) return [];
  const { rows } = await db.query('SELECT status FROM invoices WHERE id = $1 AND workspace_id = $2', [
    data.invoiceId,
    data.workspaceId,
  ]);
  if (rows[0]?.status === 'VOID') return [];
  return keyedInvoiceJobs(db, context, event, data, contacts, slug, (contact) => ({
    kind: 'invoice',
    workspaceId: data.workspaceId,
    eventId: event.eventId,
    to: { email: contact.email, name: contact.name },
    invoiceId: data.invoiceId,
    number: data.number,
    currency: data.currency,
    total: data.total,
    dueDate: day(data.dueDate),
  }));
};

/** PaymentRecorded → a receipt to every live contact, its PDF attached, with a key link to the invoice. */
export const planReceiptEmails: EmailPlanner = async (event, db, context) => {
  const { data } = event as RecordedEvent<PaymentRecorded>;
  const { slug, contacts } = await invoiceRecipients(db, data.workspaceId, data.clientId);
  if (!slug) return [];
  const { rows } = await db.query('SELECT total::int AS total, due_date FROM invoices WHERE id = $1', [
    data.invoiceId,
  ]);
  const total: number = rows[0]?.total ?? data.amountPaid;
  const dueDate: Date | null = rows[0]?.due_date ?? null;
  return keyedInvoiceJobs(db, context, event, data, contacts, slug, (contact) => ({
    kind: 'receipt',
    workspaceId: data.workspaceId,
    eventId: event.eventId,
    to: { email: contact.email, name: contact.name },
    invoiceId: data.invoiceId,
    paymentId: data.paymentId,
    number: data.number,
    currency: data.currency,
    total,
    amount: data.amount,
    // Nothing is due on a voided invoice, nor below zero on an overpaid one.
    remaining: data.status === 'VOID' ? 0 : Math.max(0, total - data.amountPaid),
    dueDate: dueDate ? dueDate.toISOString().slice(0, 10) : null,
  }));
};

/** InvoiceReminderSent → a reminder to every live contact: what is still due, the PDF, a key link. */
export const planReminderEmails: EmailPlanner = async (event, db, context) => {
  const { data } = event as RecordedEvent<InvoiceReminderSent>;
  const { slug, contacts } = await invoiceRecipients(db, data.workspaceId, data.clientId);
  if (!slug) return [];
  return keyedInvoiceJobs(db, context, event, data, contacts, slug, (contact) => ({
    kind: 'invoice-reminder',
    workspaceId: data.workspaceId,
    eventId: event.eventId,
    to: { email: contact.email, name: contact.name },
    invoiceId: data.invoiceId,
    number: data.number,
    currency: data.currency,
    total: data.total,
    amount: data.amountDue,
    dueDate: day(data.dueDate),
    reminder: reminderKind(data.daysFromDue),
    daysFromDue: data.daysFromDue,
  }));
};

/** The job's link: its sealed key link, opened for this job only (or, from before keys, the billing page). */
async function linkOf(job: InvoiceEmailJob, db: Queryable, context: EmailComposeContext): Promise<string> {
  if (job.sealedLink) {
    const link = context.seal ? await context.seal.open(job.sealedLink, sealBinding(job), db) : null;
    if (!link) throw new PermanentEmailError('the job holds no link that opens (not sealed for it)');
    return link;
  }
  if (job.link) return job.link;
  throw new PermanentEmailError('the job holds no link');
}

/** The invoice's PDF, or a receipt's: the payment's. */
async function attachmentOf(job: InvoiceEmailJob, context: EmailComposeContext): Promise<MailAttachment> {
  const documents = context.documents;
  if (!documents) throw new PermanentEmailError('no documents to attach the PDF from');
  const invoice = await documents.invoice(job.workspaceId, job.invoiceId);
  if (!invoice) throw new PermanentEmailError(`invoice ${job.invoiceId} not found`);
  if (job.kind === 'receipt' && job.paymentId) {
    const pdf = await documents.receiptPdf(invoice, job.paymentId);
    if (!pdf)
      throw new PermanentEmailError(`payment ${job.paymentId} not found on invoice ${invoice.number}`);
    return { filename: `Receipt ${invoice.number}.pdf`, contentType: 'application/pdf', content: pdf };
  }
  return {
    filename: `${invoice.number}.pdf`,
    contentType: 'application/pdf',
    content: await documents.invoicePdf(invoice),
  };
}

/** The message of an invoice, receipt or reminder job, in the workspace's branding of the moment, its PDF attached. */
export async function composeInvoiceEmail(
  job: InvoiceEmailJob,
  db: Queryable,
  _now: Date,
  context: EmailComposeContext = { publicUrl: null },
): Promise<MailMessage> {
  const link = await linkOf(job, db, context);
  const branding = await loadEmailBranding(db, job.workspaceId, context.publicUrl);
  if (!branding) throw new PermanentEmailError(`workspace ${job.workspaceId} not found`);
  const attachment = await attachmentOf(job, context);
  const money = (amount: number) => formatMoney(amount, job.currency);
  const rendered = renderInvoiceEmail({
    branding,
    recipientName: job.to.name,
    kind: job.kind,
    number: job.number,
    total: money(job.total),
    amount: job.amount === undefined ? undefined : money(job.amount),
    remaining: job.remaining ? money(job.remaining) : null,
    dueDate: job.dueDate,
    reminder: job.reminder,
    daysFromDue: job.daysFromDue,
    link,
    onlinePayment: context.documents?.onlinePaymentEnabled ?? false,
    attachment: attachment.filename,
  });
  return {
    to: job.to,
    fromName: branding.companyName,
    category: job.kind,
    ...rendered,
    attachments: [attachment],
  };
}
