import { DeciderSpecification } from '../../test/decider.specification';
import {
  occurrenceDueDate,
  recurrenceDecider,
  type RecurrenceCommand,
  type TemplateFacts,
} from './recurrence.decider';
import type { RecurrenceEvent } from './recurrence.events';

const NOW = new Date('2026-01-15T12:00:00.000Z');
const spec = DeciderSpecification(recurrenceDecider);
const template: TemplateFacts = {
  invoiceId: 't1',
  number: 'INV-0001',
  status: 'DRAFT',
  clientId: 'c1',
  projectId: 'p1',
  total: 10_000,
  lineCount: 1,
};
const scope = {
  workspaceId: 'w1',
  clientId: 'c1',
  projectId: 'p1',
  recurrenceId: 'r1',
  templateInvoiceId: 't1',
  templateNumber: 'INV-0001',
};
const schedule = (
  overrides: Partial<Extract<RecurrenceCommand, { type: 'ScheduleRecurringInvoice' }>> = {},
): RecurrenceCommand => ({
  type: 'ScheduleRecurringInvoice',
  workspaceId: 'w1',
  recurrenceId: 'r1',
  template,
  interval: 'MONTH',
  every: 1,
  startDate: new Date('2026-02-01T09:00:00.000Z'),
  endDate: null,
  count: 3,
  sendAutomatically: true,
  dueInDays: 14,
  ...overrides,
});
const scheduled: RecurrenceEvent = {
  type: 'RecurringInvoiceScheduled',
  data: {
    ...scope,
    interval: 'MONTH',
    every: 1,
    startDate: '2026-02-01T09:00:00.000Z',
    endDate: null,
    count: 3,
    sendAutomatically: true,
    dueInDays: 14,
    nextIssueAt: '2026-02-01T09:00:00.000Z',
  },
};
const audience = { clientName: 'Smith & Co', clientArchived: false, portalEnabled: true };
const issue = (
  at: string,
  occurrence: 'drawn' | 'none' | Partial<TemplateFacts> = 'drawn',
  aud = audience,
): RecurrenceCommand => ({
  type: 'IssueRecurringInvoice',
  now: new Date(at),
  occurrence:
    occurrence === 'none'
      ? null
      : {
          invoiceId: 'i-new',
          number: 'INV-0009',
          template: { ...template, ...(occurrence === 'drawn' ? {} : occurrence) },
          audience: aud,
        },
});
const issued = (
  period: number,
  periodDate: string,
  nextIssueAt: string | null,
  sent = true,
  why: string | null = null,
): RecurrenceEvent => ({
  type: 'RecurringInvoiceIssued',
  data: {
    ...scope,
    period,
    periodDate,
    invoiceId: 'i-new',
    number: 'INV-0009',
    sent,
    notSentBecause: why,
    nextIssueAt,
  },
});

describe('recurrence decider', () => {
  it('ScheduleRecurringInvoice: a draft template, a checked rule, the first period next', () => {
    spec.given([]).when(schedule(), { now: NOW }).then([scheduled]);
  });

  it.each([
    ['a sent template', { template: { ...template, status: 'SENT' as const } }, 'input.templateInvoiceId'],
    ['every 0 months', { every: 0 }, 'input.every'],
    ['a start in the past', { startDate: new Date('2026-01-14T00:00:00Z') }, 'input.startDate'],
    ['both an end date and a count', { endDate: new Date('2026-06-01T00:00:00Z') }, 'input.count'],
    ['an end before the start', { count: null, endDate: new Date('2026-01-31T00:00:00Z') }, 'input.endDate'],
    ['a count of 0', { count: 0 }, 'input.count'],
    ['due in 400 days', { dueInDays: 400 }, 'input.dueInDays'],
  ])('ScheduleRecurringInvoice refuses %s', (_what, overrides, field) => {
    spec.given([]).when(schedule(overrides), { now: NOW }).thenRefuses('BAD_USER_INPUT', field);
  });

  it('IssueRecurringInvoice: nothing before the period; the period once; the last one ends the schedule', () => {
    spec.given([scheduled]).when(issue('2026-02-01T08:59:59Z', 'none')).thenNothingHappens();
    spec
      .given([scheduled])
      .when(issue('2026-02-01T09:00:00Z'))
      .then([issued(0, '2026-02-01T09:00:00.000Z', '2026-03-01T09:00:00.000Z')]);
    const first = issued(0, '2026-02-01T09:00:00.000Z', '2026-03-01T09:00:00.000Z');
    spec.given([scheduled, first]).when(issue('2026-02-20T00:00:00Z', 'none')).thenNothingHappens();
    const second = issued(1, '2026-03-01T09:00:00.000Z', '2026-04-01T09:00:00.000Z');
    spec
      .given([scheduled, first, second])
      .when(issue('2026-04-02T00:00:00Z'))
      .then([
        issued(2, '2026-04-01T09:00:00.000Z', null),
        {
          type: 'RecurringInvoiceEnded',
          data: { ...scope, endedAt: '2026-04-02T00:00:00.000Z', reason: 'COMPLETED' },
        },
      ]);
  });

  it('IssueRecurringInvoice leaves the invoice a draft, saying why, when it could not be sent; ends when the template is gone', () => {
    spec
      .given([scheduled])
      .when(issue('2026-02-01T09:00:00Z', 'drawn', { ...audience, clientArchived: true }))
      .then([
        issued(
          0,
          '2026-02-01T09:00:00.000Z',
          '2026-03-01T09:00:00.000Z',
          false,
          'the client Smith & Co is archived',
        ),
      ]);
    spec
      .given([scheduled])
      .when(issue('2026-02-01T09:00:00Z', { total: 0 }))
      .then([
        issued(0, '2026-02-01T09:00:00.000Z', '2026-03-01T09:00:00.000Z', false, 'it has nothing to bill'),
      ]);
    spec
      .given([scheduled])
      .when(issue('2026-02-01T09:00:00Z', { status: 'VOID' }))
      .then([
        {
          type: 'RecurringInvoiceEnded',
          data: { ...scope, endedAt: '2026-02-01T09:00:00.000Z', reason: 'TEMPLATE_GONE' },
        },
      ]);
  });

  it('pause issues nothing; resume skips the periods that fell meanwhile; end is for good', () => {
    const paused: RecurrenceEvent = {
      type: 'RecurringInvoicePaused',
      data: { ...scope, pausedAt: NOW.toISOString() },
    };
    spec.given([scheduled]).when({ type: 'PauseRecurringInvoice' }, { now: NOW }).then([paused]);
    spec.given([scheduled, paused]).when(issue('2026-02-01T09:00:00Z', 'none')).thenNothingHappens();
    spec
      .given([scheduled, paused])
      .when({ type: 'ResumeRecurringInvoice' }, { now: new Date('2026-02-10T00:00:00Z') })
      .then([
        {
          type: 'RecurringInvoiceResumed',
          data: {
            ...scope,
            resumedAt: '2026-02-10T00:00:00.000Z',
            nextPeriod: 1,
            nextIssueAt: '2026-03-01T09:00:00.000Z',
          },
        },
      ]);
    spec
      .given([scheduled, paused])
      .when({ type: 'ResumeRecurringInvoice' }, { now: new Date('2026-05-10T00:00:00Z') })
      .then([
        {
          type: 'RecurringInvoiceEnded',
          data: { ...scope, endedAt: '2026-05-10T00:00:00.000Z', reason: 'COMPLETED' },
        },
      ]);
    const ended: RecurrenceEvent = {
      type: 'RecurringInvoiceEnded',
      data: { ...scope, endedAt: NOW.toISOString(), reason: 'ENDED' },
    };
    spec.given([scheduled]).when({ type: 'EndRecurringInvoice' }, { now: NOW }).then([ended]);
    spec.given([scheduled, ended]).when({ type: 'EndRecurringInvoice' }, { now: NOW }).thenNothingHappens();
    spec
      .given([scheduled, ended])
      .when({ type: 'ResumeRecurringInvoice' }, { now: NOW })
      .thenRefuses('BAD_USER_INPUT', 'id');
    spec.given([scheduled, ended]).when(issue('2026-03-01T09:00:00Z', 'none')).thenNothingHappens();
    spec.given([]).when({ type: 'PauseRecurringInvoice' }, { now: NOW }).thenRefuses('NOT_FOUND', 'id');
  });

  it('a period’s invoice is due dueInDays after the UTC day it is issued', () => {
    expect(occurrenceDueDate(14, new Date('2026-02-01T23:00:00Z'))?.toISOString()).toBe(
      '2026-02-15T00:00:00.000Z',
    );
    expect(occurrenceDueDate(null, NOW)).toBeNull();
  });
});
