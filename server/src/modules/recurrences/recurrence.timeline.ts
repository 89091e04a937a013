import type { Describe } from '../timeline/timeline-entry.types';
import type { RecurrenceEvent } from './recurrence.events';

const day = (iso: string) => iso.slice(0, 10);

/** The schedule is the members' business; the invoices it sends show for the client as any other. */
export const recurrenceDescribers: Describe<RecurrenceEvent> = {
  RecurringInvoiceScheduled: (d, actor) => ({
    projectId: d.projectId,
    audience: 'MEMBERS',
    summary: `${actor} made invoice ${d.templateNumber} recur every ${d.every === 1 ? '' : `${d.every} `}${
      d.interval === 'WEEK' ? 'week' : 'month'
    }${d.every === 1 ? '' : 's'} from ${day(d.startDate)}${d.count ? `, ${d.count} times` : ''}${
      d.endDate ? `, until ${day(d.endDate)}` : ''
    }, ${d.sendAutomatically ? 'sent automatically' : 'each left as a draft for review'}`,
  }),
  RecurringInvoicePaused: (d, actor) => ({
    projectId: d.projectId,
    audience: 'MEMBERS',
    summary: `${actor} paused the recurring invoice ${d.templateNumber}`,
  }),
  RecurringInvoiceResumed: (d, actor) => ({
    projectId: d.projectId,
    audience: 'MEMBERS',
    summary: `${actor} resumed the recurring invoice ${d.templateNumber}; next on ${day(d.nextIssueAt)}`,
  }),
  RecurringInvoiceEnded: (d, actor) => ({
    projectId: d.projectId,
    audience: 'MEMBERS',
    summary:
      d.reason === 'COMPLETED'
        ? `The recurring invoice ${d.templateNumber} issued its last invoice`
        : d.reason === 'TEMPLATE_GONE'
          ? `The recurring invoice ${d.templateNumber} ended: its template is no longer a draft`
          : `${actor} ended the recurring invoice ${d.templateNumber}`,
  }),
  RecurringInvoiceIssued: (d) => ({
    projectId: d.projectId,
    audience: 'MEMBERS',
    summary: `The recurring invoice ${d.templateNumber} issued ${d.number} for ${day(d.periodDate)}${
      d.sent ? ', sent' : d.notSentBecause ? `, left as a draft: ${d.notSentBecause}` : ', a draft for review'
    }`,
  }),
};
