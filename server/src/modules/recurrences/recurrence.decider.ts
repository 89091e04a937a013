import type { Decider } from '../../projections/decider';
import { DomainError } from '../../projections/domain.errors';
import type { InvoiceStatus } from '../invoices/invoice.events';
import type { SendAudience } from '../invoices/invoice.decider';
import { bad } from '../shared/validation';
import type { RecurrenceEvent, RecurrenceStatus } from './recurrence.events';
import {
  firstPeriodFrom,
  inSchedule,
  periodDate,
  type RecurrenceInterval,
  type RecurrenceRule,
} from './recurrence.schedule';

/** What the schedule knows of its template when it is scheduled, and at each period. */
export interface TemplateFacts {
  invoiceId: string;
  number: string;
  status: InvoiceStatus;
  clientId: string;
  projectId: string;
  total: number;
  lineCount: number;
}

export type RecurrenceCommand =
  | {
      type: 'ScheduleRecurringInvoice';
      workspaceId: string;
      recurrenceId: string;
      template: TemplateFacts;
      interval: RecurrenceInterval;
      every: number;
      startDate: Date;
      endDate: Date | null;
      count: number | null;
      sendAutomatically: boolean;
      dueInDays: number | null;
    }
  | { type: 'PauseRecurringInvoice' }
  | { type: 'ResumeRecurringInvoice' }
  | { type: 'EndRecurringInvoice' }
  | {
      /** The job's: issue the period that is due, if one is. */
      type: 'IssueRecurringInvoice';
      /** The job's clock. */
      now: Date;
      /** Read and drawn in the command's transaction when a period is due (dueOccurrence); else null. */
      occurrence: {
        invoiceId: string;
        number: string;
        template: TemplateFacts;
        audience: SendAudience;
      } | null;
    };

export interface RecurrenceState {
  scope: {
    workspaceId: string;
    clientId: string;
    projectId: string;
    recurrenceId: string;
    templateInvoiceId: string;
    templateNumber: string;
  } | null;
  rule: RecurrenceRule;
  sendAutomatically: boolean;
  dueInDays: number | null;
  status: RecurrenceStatus;
  nextPeriod: number;
}

const MAX_EVERY = 52;
const MAX_COUNT = 1000;
const MAX_DUE_IN_DAYS = 365;
const DAY_MS = 86_400_000;

/** The period due now (its date has come, it is in the schedule, the schedule is active); null when none is. */
export function dueOccurrence(state: RecurrenceState, now: Date): number | null {
  if (!state.scope || state.status !== 'ACTIVE') return null;
  const k = state.nextPeriod;
  if (!inSchedule(state.rule, k)) return null;
  return periodDate(state.rule, k).getTime() <= now.getTime() ? k : null;
}

const nextIssueAt = (rule: RecurrenceRule, k: number) =>
  inSchedule(rule, k) ? periodDate(rule, k).toISOString() : null;

/** Why an invoice meant to be sent stays a draft; null: it can be sent. */
function notSendable(template: TemplateFacts, audience: SendAudience): string | null {
  if (template.lineCount === 0 || template.total <= 0) return 'it has nothing to bill';
  if (audience.clientArchived) return `the client ${audience.clientName} is archived`;
  if (!audience.portalEnabled) return 'the client portal is turned off';
  return null;
}

function checkedRule(
  command: Extract<RecurrenceCommand, { type: 'ScheduleRecurringInvoice' }>,
  now: Date,
): RecurrenceRule {
  if (!Number.isInteger(command.every) || command.every < 1 || command.every > MAX_EVERY)
    throw bad('input.every', `must be a whole number from 1 to ${MAX_EVERY}`);
  const start = command.startDate;
  if (Number.isNaN(start.getTime())) throw bad('input.startDate', 'is not a date');
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (start.getTime() < today)
    throw bad('input.startDate', 'must be today or later: a schedule issues no past periods');
  if (command.endDate && command.count !== null)
    throw bad('input.count', 'give an end date or a count, not both');
  if (command.endDate && command.endDate.getTime() < start.getTime())
    throw bad('input.endDate', 'must not be before the start date');
  if (
    command.count !== null &&
    (!Number.isInteger(command.count) || command.count < 1 || command.count > MAX_COUNT)
  )
    throw bad('input.count', `must be a whole number from 1 to ${MAX_COUNT}`);
  return {
    interval: command.interval,
    every: command.every,
    startDate: start.toISOString(),
    endDate: command.endDate?.toISOString() ?? null,
    count: command.count,
  };
}

/**
 * A recurring invoice: a draft template, a rule, and the periods issued. Each
 * period is issued once: the stream's version is the period's guard, so of
 * two workers issuing at once one appends and the other, deciding again on
 * the new version, finds nothing due.
 */
export const recurrenceDecider: Decider<RecurrenceState, RecurrenceCommand, RecurrenceEvent> = {
  initialState: () => ({
    scope: null,
    rule: { interval: 'MONTH', every: 1, startDate: new Date(0).toISOString(), endDate: null, count: null },
    sendAutomatically: false,
    dueInDays: null,
    status: 'ACTIVE',
    nextPeriod: 0,
  }),

  evolve(state, event) {
    switch (event.type) {
      case 'RecurringInvoiceScheduled': {
        const d = event.data;
        return {
          ...state,
          scope: {
            workspaceId: d.workspaceId,
            clientId: d.clientId,
            projectId: d.projectId,
            recurrenceId: d.recurrenceId,
            templateInvoiceId: d.templateInvoiceId,
            templateNumber: d.templateNumber,
          },
          rule: {
            interval: d.interval,
            every: d.every,
            startDate: d.startDate,
            endDate: d.endDate,
            count: d.count,
          },
          sendAutomatically: d.sendAutomatically,
          dueInDays: d.dueInDays,
          status: 'ACTIVE',
          nextPeriod: 0,
        };
      }
      case 'RecurringInvoicePaused':
        return { ...state, status: 'PAUSED' };
      case 'RecurringInvoiceResumed':
        return { ...state, status: 'ACTIVE', nextPeriod: event.data.nextPeriod };
      case 'RecurringInvoiceEnded':
        return { ...state, status: 'ENDED' };
      case 'RecurringInvoiceIssued':
        return { ...state, nextPeriod: event.data.period + 1 };
    }
  },

  decide(command, state, { now }) {
    if (command.type === 'ScheduleRecurringInvoice') {
      if (state.scope) throw new DomainError('CONFLICT', 'this recurring invoice exists already');
      const { template } = command;
      if (template.status !== 'DRAFT')
        throw bad(
          'input.templateInvoiceId',
          `invoice ${template.number} is ${template.status}: only a draft can be the template of a recurring invoice`,
        );
      const rule = checkedRule(command, now);
      if (
        command.dueInDays !== null &&
        (!Number.isInteger(command.dueInDays) || command.dueInDays < 0 || command.dueInDays > MAX_DUE_IN_DAYS)
      )
        throw bad('input.dueInDays', `must be a whole number of days from 0 to ${MAX_DUE_IN_DAYS}`);
      return [
        {
          type: 'RecurringInvoiceScheduled',
          data: {
            workspaceId: command.workspaceId,
            clientId: template.clientId,
            projectId: template.projectId,
            recurrenceId: command.recurrenceId,
            templateInvoiceId: template.invoiceId,
            templateNumber: template.number,
            ...rule,
            sendAutomatically: command.sendAutomatically,
            dueInDays: command.dueInDays,
            nextIssueAt: periodDate(rule, 0).toISOString(),
          },
        },
      ];
    }
    const scope = state.scope;
    if (!scope) throw new DomainError('NOT_FOUND', 'recurring invoice not found', 'id');
    const ended = () =>
      new DomainError('BAD_USER_INPUT', 'this recurring invoice has ended: schedule a new one', 'id');

    switch (command.type) {
      case 'PauseRecurringInvoice':
        if (state.status === 'ENDED') throw ended();
        return state.status === 'PAUSED'
          ? []
          : [{ type: 'RecurringInvoicePaused', data: { ...scope, pausedAt: now.toISOString() } }];
      case 'ResumeRecurringInvoice': {
        if (state.status === 'ENDED') throw ended();
        if (state.status === 'ACTIVE') return [];
        const next = firstPeriodFrom(state.rule, now, state.nextPeriod);
        if (next === null)
          return [
            {
              type: 'RecurringInvoiceEnded',
              data: { ...scope, endedAt: now.toISOString(), reason: 'COMPLETED' },
            },
          ];
        return [
          {
            type: 'RecurringInvoiceResumed',
            data: {
              ...scope,
              resumedAt: now.toISOString(),
              nextPeriod: next,
              nextIssueAt: periodDate(state.rule, next).toISOString(),
            },
          },
        ];
      }
      case 'EndRecurringInvoice':
        return state.status === 'ENDED'
          ? []
          : [
              {
                type: 'RecurringInvoiceEnded',
                data: { ...scope, endedAt: now.toISOString(), reason: 'ENDED' },
              },
            ];
      case 'IssueRecurringInvoice': {
        const k = dueOccurrence(state, command.now);
        if (k === null) return [];
        const { occurrence } = command;
        if (!occurrence)
          throw new Error(`period ${k} of ${scope.recurrenceId} is due but nothing was drawn for it`);
        if (occurrence.template.status !== 'DRAFT')
          return [
            {
              type: 'RecurringInvoiceEnded',
              data: { ...scope, endedAt: command.now.toISOString(), reason: 'TEMPLATE_GONE' },
            },
          ];
        const why = state.sendAutomatically ? notSendable(occurrence.template, occurrence.audience) : null;
        const after = nextIssueAt(state.rule, k + 1);
        const issued: RecurrenceEvent = {
          type: 'RecurringInvoiceIssued',
          data: {
            ...scope,
            period: k,
            periodDate: periodDate(state.rule, k).toISOString(),
            invoiceId: occurrence.invoiceId,
            number: occurrence.number,
            sent: state.sendAutomatically && why === null,
            notSentBecause: why,
            nextIssueAt: after,
          },
        };
        return after
          ? [issued]
          : [
              issued,
              {
                type: 'RecurringInvoiceEnded',
                data: { ...scope, endedAt: command.now.toISOString(), reason: 'COMPLETED' },
              },
            ];
      }
    }
  },
};

/** The due date of a period's invoice: `dueInDays` after the UTC day it is issued. */
export const occurrenceDueDate = (dueInDays: number | null, issuedAt: Date): Date | null =>
  dueInDays === null
    ? null
    : new Date(
        Date.UTC(issuedAt.getUTCFullYear(), issuedAt.getUTCMonth(), issuedAt.getUTCDate()) +
          dueInDays * DAY_MS,
      );
