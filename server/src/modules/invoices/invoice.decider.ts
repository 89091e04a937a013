import { isDeepStrictEqual } from 'node:util';
import type { Decider } from '../../projections/decider';
import { DomainError } from '../../projections/domain.errors';
import { bad, requireName } from '../shared/validation';
import type { InvoiceContent, InvoiceEvent, InvoiceStatus } from './invoice.events';
import { reminderDue } from './invoice-reminder.schedule';
import { DEFAULT_TAX_LABEL, invoiceContent, linesAsInput, type LineItemInput } from './invoice.content';

export interface InvoiceChanges {
  currency?: string | null;
  lineItems?: LineItemInput[] | null;
  taxRatePercent?: number | null;
  taxLabel?: string | null;
  /** undefined: unchanged; null: cleared. */
  dueDate?: Date | null;
  notes?: string | null;
}

export type InvoiceCommand =
  | {
      type: 'CreateInvoice';
      scope: { workspaceId: string; clientId: string; projectId: string; invoiceId: string };
      /** Drawn in the command's transaction: gapless per workspace. */
      number: string;
      currency: string;
      lineItems: LineItemInput[];
      taxRatePercent: number;
      taxLabel?: string | null;
      dueDate: Date | null;
      notes: string | null;
    }
  | { type: 'UpdateInvoice'; changes: InvoiceChanges }
  | {
      type: 'SendInvoice';
      /** Whom the invoice email goes to, read in the command's transaction (InvoiceService.send). */
      audience: SendAudience;
    }
  | { type: 'VoidInvoice'; reason: string | null }
  | {
      type: 'RecordPayment';
      paymentId: string;
      amount: number;
      method: string;
      note: string | null;
      /** A provider's id of the payment (Stripe's payment intent): recorded once; only these may exceed what is due. */
      reference?: string | null;
      /** The Stripe Checkout session that took it. */
      checkoutSessionId?: string | null;
    }
  | { type: 'SetInvoiceReminders'; enabled: boolean }
  | {
      type: 'SendReminder';
      /** The workspace's reminder days (days from the due date), as the job read them. */
      schedule: readonly number[];
      /** YYYY-MM-DD (UTC) by the job's clock. */
      today: string;
      /** Days of the schedule reminded of before reminders were events (the old invoice_reminders table). */
      remindedBefore: readonly number[];
      audience: SendAudience;
    };

/** What sending needs to know of the client and the portal: its email's links must lead somewhere. */
export interface SendAudience {
  clientName: string;
  clientArchived: boolean;
  portalEnabled: boolean;
  /** The invoice is the template of a live recurring invoice: its copies are sent, never itself. */
  recurringTemplate?: boolean;
}

export interface InvoiceState extends InvoiceContent {
  scope: {
    workspaceId: string;
    clientId: string;
    projectId: string;
    invoiceId: string;
    number: string;
  } | null;
  status: InvoiceStatus;
  /** It was sent (a draft voided never was, and no one could ever pay it). */
  sent: boolean;
  /** All money received, excess included. */
  amountPaid: number;
  /** Money received above what was due. */
  amountOverpaid: number;
  references: readonly string[];
  remindersEnabled: boolean;
  /** The days of the schedule reminded of, and the UTC days reminders went out on. */
  reminded: { daysFromDue: readonly number[]; on: readonly string[] };
}

/** What is still to pay: nothing on a voided invoice, never below zero. The read model says the same (INVOICE_COLUMNS). */
export const amountDueOf = (state: Pick<InvoiceState, 'status' | 'total' | 'amountPaid'>): number =>
  state.status === 'VOID' ? 0 : Math.max(0, state.total - state.amountPaid);

const refuse = (state: InvoiceState, what: string) =>
  new DomainError('BAD_USER_INPUT', `invoice ${state.scope!.number} is ${state.status}: ${what}`, 'id');

/**
 * A reminder when one is due today and none went out for that day of the
 * schedule, for a later one, or on this same day: never for a draft, a paid
 * or void invoice, one without a due date or with reminders off, nor while
 * its email's links would lead nowhere (client archived, portal off). Not due
 * is nothing decided, not a refusal: the job asks every invoice every run.
 */
function decideReminder(
  command: Extract<InvoiceCommand, { type: 'SendReminder' }>,
  state: InvoiceState,
  scope: NonNullable<InvoiceState['scope']>,
): InvoiceEvent[] {
  const open = state.status === 'SENT' || state.status === 'PARTIALLY_PAID';
  if (!open || !state.remindersEnabled || !state.dueDate) return [];
  if (command.audience.clientArchived || !command.audience.portalEnabled) return [];
  const amountDue = amountDueOf(state);
  if (amountDue <= 0) return [];
  const day = reminderDue(command.schedule, state.dueDate, command.today);
  if (day === null) return [];
  const reminded = [...state.reminded.daysFromDue, ...command.remindedBefore];
  if (reminded.some((earlier) => earlier >= day) || state.reminded.on.includes(command.today)) return [];
  return [
    {
      type: 'InvoiceReminderSent',
      data: {
        ...scope,
        daysFromDue: day,
        remindedOn: command.today,
        dueDate: state.dueDate,
        amountDue,
        total: state.total,
        currency: state.currency,
      },
    },
  ];
}

export const invoiceDecider: Decider<InvoiceState, InvoiceCommand, InvoiceEvent> = {
  initialState: () => ({
    scope: null,
    status: 'DRAFT',
    sent: false,
    currency: '',
    lineItems: [],
    taxRatePercent: 0,
    taxLabel: DEFAULT_TAX_LABEL,
    taxes: [],
    subtotal: 0,
    taxAmount: 0,
    total: 0,
    dueDate: null,
    notes: null,
    amountPaid: 0,
    amountOverpaid: 0,
    references: [],
    remindersEnabled: true,
    reminded: { daysFromDue: [], on: [] },
  }),

  evolve(state, event) {
    switch (event.type) {
      case 'InvoiceCreated': {
        const {
          workspaceId,
          clientId,
          projectId,
          invoiceId,
          number,
          createdAt: _createdAt,
          ...content
        } = event.data;
        return {
          ...state,
          ...content,
          scope: { workspaceId, clientId, projectId, invoiceId, number },
          status: 'DRAFT',
        };
      }
      case 'InvoiceUpdated': {
        const {
          workspaceId: _w,
          clientId: _c,
          projectId: _p,
          invoiceId: _i,
          number: _n,
          ...content
        } = event.data;
        return { ...state, ...content };
      }
      case 'InvoiceSent':
        return { ...state, status: 'SENT', sent: true };
      case 'InvoiceVoided':
        return { ...state, status: 'VOID' };
      case 'PaymentRecorded':
        return {
          ...state,
          amountPaid: event.data.amountPaid,
          status: event.data.status,
          references: event.data.reference ? [...state.references, event.data.reference] : state.references,
        };
      case 'PaymentExceededDue':
        return { ...state, amountOverpaid: event.data.amountOverpaid };
      case 'InvoiceRemindersSet':
        return { ...state, remindersEnabled: event.data.enabled };
      case 'InvoiceReminderSent':
        return {
          ...state,
          reminded: {
            daysFromDue: [...state.reminded.daysFromDue, event.data.daysFromDue],
            on: [...state.reminded.on, event.data.remindedOn],
          },
        };
    }
  },

  decide(command, state, { now }) {
    if (command.type === 'CreateInvoice') {
      if (state.scope) throw new DomainError('CONFLICT', 'this invoice exists already');
      const content = invoiceContent(command, 'input.');
      return [
        {
          type: 'InvoiceCreated',
          data: { ...command.scope, number: command.number, ...content, createdAt: now.toISOString() },
        },
      ];
    }
    const scope = state.scope;
    if (!scope) throw new DomainError('NOT_FOUND', 'invoice not found', 'id');

    switch (command.type) {
      case 'UpdateInvoice': {
        if (state.status !== 'DRAFT') throw refuse(state, 'only drafts can be edited');
        const { changes } = command;
        const content = invoiceContent(
          {
            currency: changes.currency ?? state.currency,
            lineItems: changes.lineItems ?? linesAsInput(state),
            taxRatePercent: changes.taxRatePercent ?? state.taxRatePercent,
            taxLabel: changes.taxLabel ?? state.taxLabel,
            dueDate: changes.dueDate === undefined ? state.dueDate : changes.dueDate,
            notes: changes.notes === undefined ? state.notes : changes.notes,
          },
          'input.',
        );
        const current: InvoiceContent = {
          currency: state.currency,
          lineItems: state.lineItems,
          taxRatePercent: state.taxRatePercent,
          taxLabel: state.taxLabel,
          taxes: state.taxes,
          subtotal: state.subtotal,
          taxAmount: state.taxAmount,
          total: state.total,
          dueDate: state.dueDate,
          notes: state.notes,
        };
        return isDeepStrictEqual(content, current)
          ? []
          : [{ type: 'InvoiceUpdated', data: { ...scope, ...content } }];
      }
      case 'SendInvoice':
        if (state.status !== 'DRAFT') throw refuse(state, 'only drafts can be sent');
        if (state.lineItems.length === 0) throw bad('id', `invoice ${scope.number} has no lines to bill`);
        if (state.total <= 0)
          throw bad('id', `invoice ${scope.number} totals ${state.total}: there is nothing to pay`);
        if (command.audience.recurringTemplate)
          throw bad(
            'id',
            `invoice ${scope.number} is the template of a recurring invoice: each period's copy is sent, never the template itself`,
          );
        if (command.audience.clientArchived)
          throw bad(
            'id',
            `the client ${command.audience.clientName} is archived: its contacts cannot open the portal, so the email's links to view and pay invoice ${scope.number} would lead nowhere. Unarchive the client first`,
          );
        if (!command.audience.portalEnabled)
          throw bad(
            'id',
            `the client portal is turned off: the email's links to view and pay invoice ${scope.number} would lead nowhere. Turn the portal on (setPortalEnabled) first`,
          );
        return [
          {
            type: 'InvoiceSent',
            data: {
              ...scope,
              issuedAt: now.toISOString(),
              total: state.total,
              currency: state.currency,
              dueDate: state.dueDate,
            },
          },
        ];
      case 'VoidInvoice': {
        if (state.status === 'VOID' || state.status === 'PAID')
          throw refuse(state, 'it can no longer be voided');
        const reason = command.reason == null || command.reason.trim() === '' ? null : command.reason.trim();
        if (reason && reason.length > 1000) throw bad('reason', 'must be at most 1,000 characters');
        return [
          {
            type: 'InvoiceVoided',
            data: { ...scope, reason, previousStatus: state.status, voidedAt: now.toISOString() },
          },
        ];
      }
      case 'SetInvoiceReminders':
        if (state.status === 'VOID' || state.status === 'PAID')
          throw refuse(state, 'it is not reminded of any more');
        return command.enabled === state.remindersEnabled
          ? []
          : [{ type: 'InvoiceRemindersSet', data: { ...scope, enabled: command.enabled } }];
      case 'SendReminder':
        return decideReminder(command, state, scope);
      case 'RecordPayment': {
        if (command.reference && state.references.includes(command.reference)) return [];
        // Money a provider took is recorded whatever became of the invoice meanwhile; a member records only what is due.
        const provider = !!command.reference;
        const takes =
          state.status === 'SENT' ||
          state.status === 'PARTIALLY_PAID' ||
          (provider && state.sent && (state.status === 'PAID' || state.status === 'VOID'));
        if (!takes) throw refuse(state, 'it takes no payment');
        const due = amountDueOf(state);
        if (!Number.isSafeInteger(command.amount) || command.amount <= 0)
          throw bad('amount', 'must be a whole number of minor units above 0');
        if (!provider && command.amount > due) throw bad('amount', `is more than the ${due} still due`);
        const method = requireName(command.method, 'method', 50).toLowerCase();
        const note = command.note == null || command.note.trim() === '' ? null : command.note.trim();
        if (note && note.length > 1000) throw bad('note', 'must be at most 1,000 characters');
        const amountPaid = state.amountPaid + command.amount;
        const status =
          state.status === 'VOID' ? 'VOID' : amountPaid >= state.total ? 'PAID' : 'PARTIALLY_PAID';
        const recorded: InvoiceEvent = {
          type: 'PaymentRecorded',
          data: {
            ...scope,
            paymentId: command.paymentId,
            amount: command.amount,
            currency: state.currency,
            method,
            note,
            receivedAt: now.toISOString(),
            reference: command.reference ?? null,
            ...(command.checkoutSessionId ? { checkoutSessionId: command.checkoutSessionId } : {}),
            amountPaid,
            status,
          },
        };
        if (command.amount <= due) return [recorded];
        const excess = command.amount - due;
        return [
          recorded,
          {
            type: 'PaymentExceededDue',
            data: {
              ...scope,
              paymentId: command.paymentId,
              amount: command.amount,
              due,
              excess,
              amountOverpaid: state.amountOverpaid + excess,
              currency: state.currency,
              status: status === 'VOID' ? 'VOID' : 'PAID',
            },
          },
        ];
      }
    }
  },
};
