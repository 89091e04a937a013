import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/queryable';
import type { RecordedEvent } from '../../event-store/event.types';
import type { MailMessage } from '../../integrations/mailer';
import type { InvoiceSent, PaymentRecorded } from '../invoices/invoice.events';
import { formatMoney } from '../invoices/invoice.money';
import type { EmailPlanner } from './email.planner';
import { loadEmailBranding } from './email.branding';
import { PermanentEmailError } from './email.errors';
import { emailJobId, type InvoiceEmailJob, type PlannedEmailJob } from './email.jobs';
import { renderInvoiceEmail, type ReminderKind } from './templates/invoice.template';

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

/** The portal's billing page of a project. */
export const billingLink = (publicUrl: string, slug: string, projectId: string) =>
  `${publicUrl}/p/${encodeURIComponent(slug)}/projects/${projectId}?tab=billing`;

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

/** InvoiceSent → one email per live contact of the client: number, total, due date and the billing page. */
export const planInvoiceEmails: EmailPlanner = async (event, db, { publicUrl }) => {
  const { data } = event as RecordedEvent<InvoiceSent>;
  const { slug, contacts } = await invoiceRecipients(db, data.workspaceId, data.clientId);
  if (!slug) return [];
  return contacts.map((contact): PlannedEmailJob => {
    const job: InvoiceEmailJob = {
      kind: 'invoice',
      workspaceId: data.workspaceId,
      eventId: event.eventId,
      to: { email: contact.email, name: contact.name },
      invoiceId: data.invoiceId,
      number: data.number,
      currency: data.currency,
      total: data.total,
      dueDate: day(data.dueDate),
      link: billingLink(publicUrl, slug, data.projectId),
    };
    return { jobId: emailJobId('invoice', event.eventId, contact.id), data: job };
  });
};

/** PaymentRecorded → a receipt to every live contact of the client. */
export const planReceiptEmails: EmailPlanner = async (event, db, { publicUrl }) => {
  const { data } = event as RecordedEvent<PaymentRecorded>;
  const { slug, contacts } = await invoiceRecipients(db, data.workspaceId, data.clientId);
  if (!slug) return [];
  const { rows } = await db.query('SELECT total::int AS total, due_date FROM invoices WHERE id = $1', [
    data.invoiceId,
  ]);
  const total: number = rows[0]?.total ?? data.amountPaid;
  const dueDate: Date | null = rows[0]?.due_date ?? null;
  return contacts.map((contact): PlannedEmailJob => {
    const job: InvoiceEmailJob = {
      kind: 'receipt',
      workspaceId: data.workspaceId,
      eventId: event.eventId,
      to: { email: contact.email, name: contact.name },
      invoiceId: data.invoiceId,
      number: data.number,
      currency: data.currency,
      total,
      amount: data.amount,
      // Nothing is due on a voided invoice, nor below zero on an overpaid one.
      remaining: data.status === 'VOID' ? 0 : Math.max(0, total - data.amountPaid),
      dueDate: dueDate ? dueDate.toISOString().slice(0, 10) : null,
      link: billingLink(publicUrl, slug, data.projectId),
    };
    return { jobId: emailJobId('receipt', event.eventId, contact.id), data: job };
  });
};

/** A stable uuid for a reminder (the email's "event": email_deliveries keys on it). */
export function reminderEventId(invoiceId: string, reminder: ReminderKind): string {
  const hex = createHash('sha256').update(`invoice-reminder:${invoiceId}:${reminder}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The message of an invoice, receipt or reminder job, in the workspace's branding of the moment. */
export async function composeInvoiceEmail(
  job: InvoiceEmailJob,
  db: Queryable,
  _now: Date,
  context: { publicUrl: string | null } = { publicUrl: null },
): Promise<MailMessage> {
  const branding = await loadEmailBranding(db, job.workspaceId, context.publicUrl);
  if (!branding) throw new PermanentEmailError(`workspace ${job.workspaceId} not found`);
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
    link: job.link,
  });
  return { to: job.to, fromName: branding.companyName, category: job.kind, ...rendered };
}
