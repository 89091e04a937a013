import type { Describe } from '../timeline/timeline-entry.types';
import type { InvoiceEvent } from './invoice.events';
import { formatMoney } from './invoice.money';

/**
 * Drafts and their edits are the members' own; what the client receives or
 * pays, the client sees. Money received above what was due is the members'
 * to sort out (refund or credit): their line alone says so.
 */
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
  PaymentRecorded: (d, actor, who) => {
    const invoice = `${d.status === 'VOID' ? 'voided ' : ''}invoice ${d.number}${d.status === 'PAID' ? ', now paid in full' : ''}`;
    return {
      projectId: d.projectId,
      audience: 'CONTACTS',
      // A contact who paid through Checkout paid; anyone else recorded a payment received.
      summary:
        who.kind === 'CONTACT'
          ? `${actor} paid ${formatMoney(d.amount, d.currency)}${d.method === 'stripe' ? ' online' : ''} on ${invoice}`
          : `${actor} recorded a payment of ${formatMoney(d.amount, d.currency)} on ${invoice}`,
    };
  },
  PaymentExceededDue: (d, actor) => {
    const money = (amount: number) => formatMoney(amount, d.currency);
    return {
      projectId: d.projectId,
      audience: 'MEMBERS',
      summary:
        d.status === 'VOID'
          ? `${actor} recorded ${money(d.amount)} on voided invoice ${d.number}, which takes no payment: ${money(d.amountOverpaid)} overpaid in all, to refund`
          : `${actor} recorded ${money(d.amount)} on invoice ${d.number}, ${money(d.excess)} more than was due: ${money(d.amountOverpaid)} overpaid in all, to refund or credit`,
    };
  },
  InvoiceRemindersSet: (d, actor) => ({
    projectId: d.projectId,
    audience: 'MEMBERS',
    summary: `${actor} turned ${d.enabled ? 'on' : 'off'} the reminders of invoice ${d.number}`,
  }),
  InvoiceReminderSent: (d) => ({
    projectId: d.projectId,
    audience: 'CONTACTS',
    summary: `Reminder sent: invoice ${d.number}, ${formatMoney(d.amountDue, d.currency)} ${
      d.daysFromDue < 0
        ? `due in ${-d.daysFromDue} ${-d.daysFromDue === 1 ? 'day' : 'days'}`
        : d.daysFromDue === 0
          ? 'due today'
          : `${d.daysFromDue} ${d.daysFromDue === 1 ? 'day' : 'days'} overdue`
    }`,
  }),
};
