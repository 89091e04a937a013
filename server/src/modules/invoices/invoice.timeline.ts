import type { Describe } from '../timeline/timeline-entry.types';
import type { InvoiceEvent } from './invoice.events';
import { formatMoney } from './invoice.money';

/** Drafts and their edits are the members' own; what the client receives or pays, the client sees. */
export const invoiceDescribers: Describe<InvoiceEvent> = {
  InvoiceCreated: (d, actor) => ({
    projectId: d.projectId,
    audience: 'MEMBERS',
    summary: `${actor} drafted invoice ${d.number} for ${formatMoney(d.total, d.currency)}`,
  }),
  InvoiceUpdated: (d, actor) => ({
    projectId: d.projectId,
    audience: 'MEMBERS',
    summary: `${actor} edited draft invoice ${d.number}, now ${formatMoney(d.total, d.currency)}`,
  }),
  InvoiceSent: (d, actor) => ({
    projectId: d.projectId,
    audience: 'CONTACTS',
    summary: `${actor} sent invoice ${d.number} for ${formatMoney(d.total, d.currency)}`,
  }),
  InvoiceVoided: (d, actor) => ({
    projectId: d.projectId,
    audience: d.previousStatus === 'DRAFT' ? 'MEMBERS' : 'CONTACTS',
    summary: `${actor} voided invoice ${d.number}${d.reason ? `: ${d.reason}` : ''}`,
  }),
  PaymentRecorded: (d, actor) => ({
    projectId: d.projectId,
    audience: 'CONTACTS',
    summary: `${actor} recorded a payment of ${formatMoney(d.amount, d.currency)} on invoice ${d.number}${d.status === 'PAID' ? ', now paid in full' : ''}`,
  }),
};
