import type { DomainEvent } from '../../event-store/event.types';
import type { RecurrenceRule } from './recurrence.schedule';

type RecurrenceScoped<T> = {
  workspaceId: string;
  clientId: string;
  projectId: string;
  recurrenceId: string;
  templateInvoiceId: string;
  /** The template's number, for the lines people read. */
  templateNumber: string;
} & T;

export type RecurrenceStatus = 'ACTIVE' | 'PAUSED' | 'ENDED';

/** A draft invoice became the template of a schedule that issues a copy of it every period. */
export type RecurringInvoiceScheduled = DomainEvent<
  'RecurringInvoiceScheduled',
  RecurrenceScoped<
    RecurrenceRule & {
      /** Send each invoice at once; false: leave it as a draft for review. */
      sendAutomatically: boolean;
      /** Each invoice is due this many days after it is issued (null: no due date). */
      dueInDays: number | null;
      nextIssueAt: string;
    }
  >
>;
export type RecurringInvoicePaused = DomainEvent<
  'RecurringInvoicePaused',
  RecurrenceScoped<{ pausedAt: string }>
>;
/** Resumed: the periods that fell while it was paused are skipped. */
export type RecurringInvoiceResumed = DomainEvent<
  'RecurringInvoiceResumed',
  RecurrenceScoped<{ resumedAt: string; nextPeriod: number; nextIssueAt: string }>
>;
export type RecurringInvoiceEnded = DomainEvent<
  'RecurringInvoiceEnded',
  RecurrenceScoped<{
    endedAt: string;
    /** A member ended it; its last period was issued; its template is no longer a draft. */
    reason: 'ENDED' | 'COMPLETED' | 'TEMPLATE_GONE';
  }>
>;
/** One period's invoice, created (numbered as usual) in the same transaction, and sent or left as a draft. */
export type RecurringInvoiceIssued = DomainEvent<
  'RecurringInvoiceIssued',
  RecurrenceScoped<{
    period: number;
    periodDate: string;
    invoiceId: string;
    number: string;
    sent: boolean;
    /** Why an invoice meant to be sent was left as a draft (the client archived, the portal off…). */
    notSentBecause: string | null;
    nextIssueAt: string | null;
  }>
>;

export type RecurrenceEvent =
  | RecurringInvoiceScheduled
  | RecurringInvoicePaused
  | RecurringInvoiceResumed
  | RecurringInvoiceEnded
  | RecurringInvoiceIssued;

export const recurrenceStreamId = (recurrenceId: string) => `recurrence-${recurrenceId}`;
