import fc from 'fast-check';
import { fold } from '../../projections/decider';
import { DeciderSpecification, FIXED_NOW } from '../../test/decider.specification';
import { commandArbitrary, run } from '../../test/fixtures/invoice-commands.fixture';
import { MAX_LINE_ITEMS } from './invoice.content';
import { invoiceDecider, type InvoiceCommand, type InvoiceState } from './invoice.decider';
import type { InvoiceContent, InvoiceEvent } from './invoice.events';

const scope = { workspaceId: 'w1', clientId: 'c1', projectId: 'p1', invoiceId: 'i1' };
const NOW = FIXED_NOW.toISOString();
const create = (
  overrides: Partial<Extract<InvoiceCommand, { type: 'CreateInvoice' }>> = {},
): InvoiceCommand => ({
  type: 'CreateInvoice',
  scope,
  number: 'INV-0001',
  currency: 'usd',
  lineItems: [
    { description: 'Design', quantity: 10, unitAmount: 12_500 },
    { description: 'Hosting', quantity: 1.5, unitAmount: 999 },
  ],
  taxRatePercent: 8.875,
  dueDate: new Date('2026-02-01T00:00:00Z'),
  notes: '  Thanks!  ',
  ...overrides,
});
const tax = { taxRatePercent: 8.875, taxLabel: 'Tax' };
const created: InvoiceEvent = {
  type: 'InvoiceCreated',
  data: {
    ...scope,
    number: 'INV-0001',
    currency: 'USD',
    lineItems: [
      { description: 'Design', quantity: 10, unitAmount: 12_500, amount: 125_000, ...tax },
      { description: 'Hosting', quantity: 1.5, unitAmount: 999, amount: 1499, ...tax }, // 1498.5 → 1499
    ],
    taxRatePercent: 8.875,
    taxLabel: 'Tax',
    taxes: [{ label: 'Tax', ratePercent: 8.875, taxableAmount: 126_499, taxAmount: 11_227 }],
    subtotal: 126_499,
    taxAmount: 11_227, // 11226.78625 → 11227
    total: 137_726,
    dueDate: '2026-02-01T00:00:00.000Z',
    notes: 'Thanks!',
    createdAt: NOW,
  },
};
const number = { ...scope, number: 'INV-0001' };
const sent: InvoiceEvent = {
  type: 'InvoiceSent',
  data: { ...number, issuedAt: NOW, total: 137_726, currency: 'USD', dueDate: '2026-02-01T00:00:00.000Z' },
};
const paid = (
  amount: number,
  amountPaid: number,
  status: 'PAID' | 'PARTIALLY_PAID' | 'VOID',
  reference: string | null = null,
): InvoiceEvent => ({
  type: 'PaymentRecorded',
  data: {
    ...number,
    paymentId: `pay-${amount}`,
    amount,
    currency: 'USD',
    method: 'bank_transfer',
    note: null,
    receivedAt: NOW,
    reference,
    amountPaid,
    status,
  },
});
/** The excess of payment `pay-${amount}` over the `due` it met; `amountOverpaid` in all. */
const exceeded = (
  amount: number,
  due: number,
  amountOverpaid: number,
  status: 'PAID' | 'VOID' = 'PAID',
): InvoiceEvent => ({
  type: 'PaymentExceededDue',
  data: {
    ...number,
    paymentId: `pay-${amount}`,
    amount,
    due,
    excess: amount - due,
    amountOverpaid,
    currency: 'USD',
    status,
  },
});
const voidedSent: InvoiceEvent = {
  type: 'InvoiceVoided',
  data: { ...number, reason: null, previousStatus: 'SENT', voidedAt: NOW },
};
const pay = (amount: number, reference?: string): InvoiceCommand => ({
  type: 'RecordPayment',
  paymentId: `pay-${amount}`,
  amount,
  method: 'Bank_Transfer',
  note: null,
  reference,
});
const send: InvoiceCommand = {
  type: 'SendInvoice',
  audience: { clientName: 'Smith & Co', clientArchived: false, portalEnabled: true },
};
const spec = DeciderSpecification(invoiceDecider);

describe('invoice decider', () => {
  it('CreateInvoice computes line amounts, tax and total, half away from zero, and starts as a draft', () => {
    spec.given([]).when(create()).then([created]);
  });

  it.each([
    ['currency', { currency: 'ABC' }, 'input.currency'],
    [
      'a quantity of 0',
      { lineItems: [{ description: 'X', quantity: 0, unitAmount: 1 }] },
      'input.lineItems.0.quantity',
    ],
    [
      'a negative quantity',
      { lineItems: [{ description: 'X', quantity: -1, unitAmount: 1 }] },
      'input.lineItems.0.quantity',
    ],
    [
      'a unit amount beyond GraphQL Int',
      { lineItems: [{ description: 'X', quantity: 1, unitAmount: 2 ** 31 }] },
      'input.lineItems.0.unitAmount',
    ],
    [
      'a fractional unit amount',
      { lineItems: [{ description: 'X', quantity: 1, unitAmount: 1.5 }] },
      'input.lineItems.0.unitAmount',
    ],
    [
      'a line beyond GraphQL Int',
      { lineItems: [{ description: 'X', quantity: 2, unitAmount: 1.5e9 }] },
      'input.lineItems.0.unitAmount',
    ],
    [
      'an empty description',
      { lineItems: [{ description: ' ', quantity: 1, unitAmount: 1 }] },
      'input.lineItems.0.description',
    ],
    ['a tax rate over 100', { taxRatePercent: 101 }, 'input.taxRatePercent'],
    ['a negative tax rate', { taxRatePercent: -1 }, 'input.taxRatePercent'],
    [
      'too many lines',
      {
        lineItems: Array.from({ length: MAX_LINE_ITEMS + 1 }, () => ({
          description: 'X',
          quantity: 1,
          unitAmount: 1,
        })),
      },
      'input.lineItems',
    ],
    [
      'a subtotal beyond GraphQL Int',
      { lineItems: [1, 2].map(() => ({ description: 'X', quantity: 1, unitAmount: 1.5e9 })) },
      'input.lineItems',
    ],
  ])('CreateInvoice refuses %s', (_what, overrides, field) => {
    spec
      .given([])
      .when(create(overrides as never))
      .thenRefuses('BAD_USER_INPUT', field);
  });

  it('CreateInvoice: a rate per line, totals per rate and label, each rounded once', () => {
    const [event] = invoiceDecider.decide(
      create({
        taxRatePercent: 20,
        taxLabel: 'VAT',
        lineItems: [
          { description: 'Design', quantity: 1, unitAmount: 10_005 },
          { description: 'Books', quantity: 3, unitAmount: 3_335, taxRatePercent: 5.5 },
          { description: 'Hosting', quantity: 1, unitAmount: 10_005 },
          { description: 'Stamps', quantity: 1, unitAmount: 500, taxRatePercent: 0 },
          { description: 'Import', quantity: 1, unitAmount: 1_000, taxRatePercent: 20, taxLabel: 'Duty' },
        ],
      }),
      invoiceDecider.initialState(),
      { now: FIXED_NOW },
    );
    const data = event.data as InvoiceContent;
    expect(data.lineItems.map((l) => `${l.taxLabel} ${l.taxRatePercent}`)).toEqual([
      'VAT 20',
      'VAT 5.5',
      'VAT 20',
      'VAT 0',
      'Duty 20',
    ]);
    // 20 010 × 20 % = 4 002 (per line it would be 2 × 2 001); 10 005 × 5.5 % = 550.275 → 550.
    expect(data.taxes).toEqual([
      { label: 'VAT', ratePercent: 20, taxableAmount: 20_010, taxAmount: 4_002 },
      { label: 'VAT', ratePercent: 5.5, taxableAmount: 10_005, taxAmount: 550 },
      { label: 'Duty', ratePercent: 20, taxableAmount: 1_000, taxAmount: 200 },
    ]);
    expect(data).toMatchObject({ subtotal: 31_515, taxAmount: 4_752, total: 36_267, taxLabel: 'VAT' });
  });

  it.each([
    ['a line rate over 100', { taxRatePercent: 101 }, 'input.lineItems.0.taxRatePercent'],
    ['a line rate with 7 decimals', { taxRatePercent: 1.1234567 }, 'input.lineItems.0.taxRatePercent'],
    ['a line label of 41 characters', { taxLabel: 'x'.repeat(41) }, 'input.lineItems.0.taxLabel'],
  ])('CreateInvoice refuses %s', (_what, line, field) => {
    spec
      .given([])
      .when(create({ lineItems: [{ description: 'X', quantity: 1, unitAmount: 100, ...line }] }))
      .thenRefuses('BAD_USER_INPUT', field);
  });

  it('UpdateInvoice of the default rate moves the lines that used it; lines with their own keep theirs', () => {
    const given = invoiceDecider.decide(
      create({
        taxRatePercent: 20,
        lineItems: [
          { description: 'Design', quantity: 1, unitAmount: 1_000 },
          { description: 'Books', quantity: 1, unitAmount: 1_000, taxRatePercent: 5.5 },
        ],
      }),
      invoiceDecider.initialState(),
      { now: FIXED_NOW },
    );
    const [updated] = invoiceDecider.decide(
      { type: 'UpdateInvoice', changes: { taxRatePercent: 10, taxLabel: 'GST' } },
      fold(invoiceDecider, given),
      { now: FIXED_NOW },
    );
    expect(
      (updated.data as InvoiceContent).lineItems.map((l) => `${l.taxLabel} ${l.taxRatePercent}`),
    ).toEqual(['GST 10', 'GST 5.5']);
    expect((updated.data as InvoiceContent).taxAmount).toBe(155); // 100 + 55
  });

  it('UpdateInvoice edits a draft, recomputing totals; clears the due date on null; nothing changed, nothing decided', () => {
    spec
      .given([created])
      .when({
        type: 'UpdateInvoice',
        changes: {
          lineItems: [{ description: 'Design', quantity: 1, unitAmount: 1000 }],
          taxRatePercent: 10,
          dueDate: null,
        },
      })
      .then([
        {
          type: 'InvoiceUpdated',
          data: {
            ...number,
            currency: 'USD',
            lineItems: [
              {
                description: 'Design',
                quantity: 1,
                unitAmount: 1000,
                amount: 1000,
                taxRatePercent: 10,
                taxLabel: 'Tax',
              },
            ],
            taxRatePercent: 10,
            taxLabel: 'Tax',
            taxes: [{ label: 'Tax', ratePercent: 10, taxableAmount: 1000, taxAmount: 100 }],
            subtotal: 1000,
            taxAmount: 100,
            total: 1100,
            dueDate: null,
            notes: 'Thanks!',
          },
        },
      ]);
    spec
      .given([created])
      .when({ type: 'UpdateInvoice', changes: { currency: 'USD', notes: 'Thanks!' } })
      .thenNothingHappens();
    spec
      .given([created, sent])
      .when({ type: 'UpdateInvoice', changes: { notes: 'x' } })
      .thenRefuses('BAD_USER_INPUT', 'id');
  });

  it('SendInvoice: DRAFT to SENT, once, with something to pay', () => {
    spec.given([created]).when(send).then([sent]);
    spec.given([created, sent]).when(send).thenRefuses('BAD_USER_INPUT', 'id');
    spec.given([]).when(send).thenRefuses('NOT_FOUND', 'id');
    spec
      .given([])
      .when(create({ lineItems: [] }))
      .then([expect.objectContaining({ type: 'InvoiceCreated' }) as never]);
    const empty = invoiceDecider.decide(create({ lineItems: [] }), invoiceDecider.initialState(), {
      now: FIXED_NOW,
    });
    spec.given(empty).when(send).thenRefuses('BAD_USER_INPUT', 'id');
  });

  it('SendInvoice refuses, saying why, for an archived client or while the portal is off', () => {
    const archived: InvoiceCommand = {
      type: 'SendInvoice',
      audience: { clientName: 'Smith & Co', clientArchived: true, portalEnabled: true },
    };
    const closed: InvoiceCommand = {
      type: 'SendInvoice',
      audience: { clientName: 'Smith & Co', clientArchived: false, portalEnabled: false },
    };
    spec.given([created]).when(archived).thenRefuses('BAD_USER_INPUT', 'id');
    spec.given([created]).when(closed).thenRefuses('BAD_USER_INPUT', 'id');
    expect(() =>
      invoiceDecider.decide(archived, fold(invoiceDecider, [created]), { now: FIXED_NOW }),
    ).toThrow(/Smith & Co is archived/);
    expect(() => invoiceDecider.decide(closed, fold(invoiceDecider, [created]), { now: FIXED_NOW })).toThrow(
      /portal is turned off/,
    );
  });

  describe('reminders', () => {
    const audience = { clientName: 'Smith & Co', clientArchived: false, portalEnabled: true };
    const remind = (
      today: string,
      overrides: Partial<Extract<InvoiceCommand, { type: 'SendReminder' }>> = {},
    ) =>
      ({
        type: 'SendReminder',
        schedule: [-3, 0, 7],
        today,
        remindedBefore: [],
        audience,
        ...overrides,
      }) as InvoiceCommand;
    const reminded = (daysFromDue: number, remindedOn: string, amountDue = 137_726): InvoiceEvent => ({
      type: 'InvoiceReminderSent',
      data: {
        ...number,
        daysFromDue,
        remindedOn,
        dueDate: '2026-02-01T00:00:00.000Z',
        amountDue,
        total: 137_726,
        currency: 'USD',
      },
    });

    it('SendReminder: the day of the schedule that has come, once each, never twice on one day', () => {
      spec.given([created, sent]).when(remind('2026-01-28')).thenNothingHappens();
      spec
        .given([created, sent])
        .when(remind('2026-01-29'))
        .then([reminded(-3, '2026-01-29')]);
      spec
        .given([created, sent, reminded(-3, '2026-01-29')])
        .when(remind('2026-01-29'))
        .thenNothingHappens();
      spec
        .given([created, sent, reminded(-3, '2026-01-29')])
        .when(remind('2026-01-31'))
        .thenNothingHappens();
      spec
        .given([created, sent, reminded(-3, '2026-01-29')])
        .when(remind('2026-02-01'))
        .then([reminded(0, '2026-02-01')]);
      // The schedule changed to remind on the due date of a reminder already sent that day: not twice that day.
      spec
        .given([created, sent, reminded(-3, '2026-02-01')])
        .when(remind('2026-02-01', { schedule: [0] }))
        .thenNothingHappens();
    });

    it('SendReminder after a pause sends only the one that fits the day; reminders sent before events count', () => {
      spec
        .given([created, sent])
        .when(remind('2026-02-10'))
        .then([reminded(7, '2026-02-10')]);
      spec
        .given([created, sent])
        .when(remind('2026-02-03', { remindedBefore: [0] }))
        .thenNothingHappens();
    });

    it('SendReminder never for a draft, a paid, a void, an archived client, a closed portal or reminders turned off', () => {
      spec.given([created]).when(remind('2026-02-01')).thenNothingHappens();
      spec
        .given([created, sent, paid(137_726, 137_726, 'PAID')])
        .when(remind('2026-02-01'))
        .thenNothingHappens();
      spec.given([created, sent, voidedSent]).when(remind('2026-02-01')).thenNothingHappens();
      spec
        .given([created, sent])
        .when(remind('2026-02-01', { audience: { ...audience, clientArchived: true } }))
        .thenNothingHappens();
      spec
        .given([created, sent])
        .when(remind('2026-02-01', { audience: { ...audience, portalEnabled: false } }))
        .thenNothingHappens();
      const off: InvoiceEvent = { type: 'InvoiceRemindersSet', data: { ...number, enabled: false } };
      spec.given([created, sent]).when({ type: 'SetInvoiceReminders', enabled: false }).then([off]);
      spec.given([created, sent, off]).when(remind('2026-02-01')).thenNothingHappens();
      spec
        .given([created, sent, off])
        .when({ type: 'SetInvoiceReminders', enabled: false })
        .thenNothingHappens();
      spec
        .given([created, sent, paid(50_000, 50_000, 'PARTIALLY_PAID')])
        .when(remind('2026-02-01'))
        .then([reminded(0, '2026-02-01', 87_726)]);
      spec
        .given([created, sent, voidedSent])
        .when({ type: 'SetInvoiceReminders', enabled: true })
        .thenRefuses('BAD_USER_INPUT', 'id');
    });
  });

  it('RecordPayment: SENT to PARTIALLY_PAID to PAID; never on a draft, a void or a paid invoice; never more than due', () => {
    spec
      .given([created, sent])
      .when(pay(100_000))
      .then([paid(100_000, 100_000, 'PARTIALLY_PAID')]);
    spec
      .given([created, sent, paid(100_000, 100_000, 'PARTIALLY_PAID')])
      .when(pay(37_726))
      .then([paid(37_726, 137_726, 'PAID')]);
    spec
      .given([created, sent, paid(100_000, 100_000, 'PARTIALLY_PAID')])
      .when(pay(37_727))
      .thenRefuses('BAD_USER_INPUT', 'amount');
    spec.given([created]).when(pay(1)).thenRefuses('BAD_USER_INPUT', 'id');
    spec
      .given([created, sent, paid(137_726, 137_726, 'PAID')])
      .when(pay(1))
      .thenRefuses('BAD_USER_INPUT', 'id');
    spec.given([created, sent]).when(pay(0)).thenRefuses('BAD_USER_INPUT', 'amount');
    spec.given([created, sent]).when(pay(1.5)).thenRefuses('BAD_USER_INPUT', 'amount');
    spec
      .given([created, sent])
      .when({ ...pay(1), method: '' } as InvoiceCommand)
      .thenRefuses('BAD_USER_INPUT', 'method');
  });

  it('RecordPayment with a provider reference records it once, whatever its state by then', () => {
    spec
      .given([created, sent])
      .when(pay(100, 'pi_1'))
      .then([paid(100, 100, 'PARTIALLY_PAID', 'pi_1')]);
    spec
      .given([created, sent, paid(137_726, 137_726, 'PAID', 'pi_1')])
      .when(pay(137_726, 'pi_1'))
      .thenNothingHappens();
  });

  it('RecordPayment from a provider (a reference) is recorded in full above what is due, the excess in a second event', () => {
    spec
      .given([created, sent, paid(100_000, 100_000, 'PARTIALLY_PAID')])
      .when(pay(50_000, 'pi_1'))
      .then([paid(50_000, 150_000, 'PAID', 'pi_1'), exceeded(50_000, 37_726, 12_274)]);
    // On a PAID invoice all of it is excess, and the excess adds up.
    spec
      .given([created, sent, paid(137_726, 137_726, 'PAID')])
      .when(pay(1_000, 'pi_2'))
      .then([paid(1_000, 138_726, 'PAID', 'pi_2'), exceeded(1_000, 0, 1_000)]);
    spec
      .given([
        created,
        sent,
        paid(137_726, 137_726, 'PAID'),
        paid(1_000, 138_726, 'PAID', 'pi_2'),
        exceeded(1_000, 0, 1_000),
      ])
      .when(pay(500, 'pi_3'))
      .then([paid(500, 139_226, 'PAID', 'pi_3'), exceeded(500, 0, 1_500)]);
    // Exactly what is due: no excess.
    spec
      .given([created, sent])
      .when(pay(137_726, 'pi_4'))
      .then([paid(137_726, 137_726, 'PAID', 'pi_4')]);
  });

  it('RecordPayment from a provider on a VOID invoice: recorded, the invoice stays VOID, all of it overpaid', () => {
    spec
      .given([created, sent, voidedSent])
      .when(pay(2_000, 'pi_1'))
      .then([paid(2_000, 2_000, 'VOID', 'pi_1'), exceeded(2_000, 0, 2_000, 'VOID')]);
    spec
      .given([
        created,
        sent,
        voidedSent,
        paid(2_000, 2_000, 'VOID', 'pi_1'),
        exceeded(2_000, 0, 2_000, 'VOID'),
      ])
      .when(pay(2_000, 'pi_1'))
      .thenNothingHappens();
  });

  it('RecordPayment by a member (no reference) never exceeds what is due; no payment lands on a draft, sent or voided', () => {
    spec
      .given([created, sent, paid(100_000, 100_000, 'PARTIALLY_PAID')])
      .when(pay(37_727))
      .thenRefuses('BAD_USER_INPUT', 'amount');
    spec
      .given([created, sent, paid(137_726, 137_726, 'PAID')])
      .when(pay(1))
      .thenRefuses('BAD_USER_INPUT', 'id');
    spec.given([created, sent, voidedSent]).when(pay(1)).thenRefuses('BAD_USER_INPUT', 'id');
    spec.given([created]).when(pay(1, 'pi_1')).thenRefuses('BAD_USER_INPUT', 'id');
    const voidedDraft: InvoiceEvent = {
      type: 'InvoiceVoided',
      data: { ...number, reason: null, previousStatus: 'DRAFT', voidedAt: NOW },
    };
    spec.given([created, voidedDraft]).when(pay(1, 'pi_1')).thenRefuses('BAD_USER_INPUT', 'id');
    spec.given([created, sent]).when(pay(0, 'pi_1')).thenRefuses('BAD_USER_INPUT', 'amount');
  });

  it('a checkout session id on the command is kept on the payment (which session paid)', () => {
    spec
      .given([created, sent])
      .when({ ...pay(100, 'pi_1'), checkoutSessionId: 'cs_test_1' } as InvoiceCommand)
      .then([
        {
          ...paid(100, 100, 'PARTIALLY_PAID', 'pi_1'),
          data: { ...paid(100, 100, 'PARTIALLY_PAID', 'pi_1').data, checkoutSessionId: 'cs_test_1' },
        } as InvoiceEvent,
      ]);
  });

  it('VoidInvoice from DRAFT, SENT or PARTIALLY_PAID; not from PAID or VOID', () => {
    const voided = (previousStatus: 'DRAFT' | 'SENT' | 'PARTIALLY_PAID'): InvoiceEvent => ({
      type: 'InvoiceVoided',
      data: { ...number, reason: 'Duplicate', previousStatus, voidedAt: NOW },
    });
    spec
      .given([created])
      .when({ type: 'VoidInvoice', reason: ' Duplicate ' })
      .then([voided('DRAFT')]);
    spec
      .given([created, sent])
      .when({ type: 'VoidInvoice', reason: 'Duplicate' })
      .then([voided('SENT')]);
    spec
      .given([created, sent, paid(1, 1, 'PARTIALLY_PAID')])
      .when({ type: 'VoidInvoice', reason: 'Duplicate' })
      .then([voided('PARTIALLY_PAID')]);
    spec
      .given([created, sent, paid(137_726, 137_726, 'PAID')])
      .when({ type: 'VoidInvoice', reason: null })
      .thenRefuses('BAD_USER_INPUT', 'id');
    spec
      .given([created, voided('DRAFT')])
      .when({ type: 'VoidInvoice', reason: null })
      .thenRefuses('BAD_USER_INPUT', 'id');
    spec
      .given([created, voided('DRAFT')])
      .when(pay(1))
      .thenRefuses('BAD_USER_INPUT', 'id');
  });
});

describe('invoice invariants over random command sequences (fast-check)', () => {
  it('amounts add up, only provider payments overpay, and states move only forward', () => {
    fc.assert(
      fc.property(fc.array(commandArbitrary, { maxLength: 25 }), (commands) => {
        const { events } = run(
          invoiceDecider.decide(create(), invoiceDecider.initialState(), { now: FIXED_NOW }),
          commands,
        );
        const state: InvoiceState = fold(invoiceDecider, events);
        expect(state.subtotal).toBe(state.lineItems.reduce((sum, line) => sum + line.amount, 0));
        expect(state.total).toBe(state.subtotal + state.taxAmount);
        for (const line of state.lineItems)
          expect(Math.abs(line.amount - line.quantity * line.unitAmount)).toBeLessThanOrEqual(
            0.5 + 1e-6 * Math.abs(line.amount),
          );
        expect(Math.abs(state.taxAmount - (state.subtotal * state.taxRatePercent) / 100)).toBeLessThanOrEqual(
          0.5 + 1e-9 * Math.abs(state.subtotal),
        );
        expect(state.amountPaid).toBeGreaterThanOrEqual(0);
        const payments = events.filter((e) => e.type === 'PaymentRecorded');
        expect(payments.reduce((sum, e) => sum + (e.data as { amount: number }).amount, 0)).toBe(
          state.amountPaid,
        );
        // What was not overpaid went towards the total; the excess events add up to the overpaid.
        const excesses = events.filter((e) => e.type === 'PaymentExceededDue');
        expect(excesses.reduce((sum, e) => sum + (e.data as { excess: number }).excess, 0)).toBe(
          state.amountOverpaid,
        );
        expect(state.amountPaid - state.amountOverpaid).toBeGreaterThanOrEqual(0);
        expect(state.amountPaid - state.amountOverpaid).toBeLessThanOrEqual(Math.max(state.total, 0));
        if (state.status !== 'VOID' && state.status !== 'DRAFT')
          expect(state.amountOverpaid).toBe(Math.max(0, state.amountPaid - state.total));
        if (state.status === 'PAID') expect(state.amountPaid).toBeGreaterThanOrEqual(state.total);
        if (state.status === 'PARTIALLY_PAID') expect(state.amountPaid).toBeLessThan(state.total);
        // Each excess follows its own payment, which came from a provider.
        events.forEach((event, i) => {
          if (event.type !== 'PaymentExceededDue') return;
          const before = events[i - 1];
          expect(before.type).toBe('PaymentRecorded');
          expect(before.data).toMatchObject({
            paymentId: event.data.paymentId,
            reference: expect.any(String),
          });
        });
        // Edits only while a draft; at most one send and one void; payments only after the send and before a void.
        const types = events.map((e) => e.type);
        const sentAt = types.indexOf('InvoiceSent');
        const voidAt = types.indexOf('InvoiceVoided');
        expect(types.filter((t) => t === 'InvoiceSent').length).toBeLessThanOrEqual(1);
        expect(types.filter((t) => t === 'InvoiceVoided').length).toBeLessThanOrEqual(1);
        types.forEach((type, i) => {
          if (type === 'InvoiceUpdated') expect(sentAt === -1 || i < sentAt).toBe(true);
          // After a void only a provider's payment lands (money received is never dropped).
          const reference = (events[i].data as { reference?: string | null }).reference;
          if (type === 'PaymentRecorded')
            expect(sentAt >= 0 && i > sentAt && (voidAt === -1 || i < voidAt || !!reference)).toBe(true);
        });
        const references = payments
          .map((e) => (e.data as { reference: string | null }).reference)
          .filter(Boolean);
        expect(new Set(references).size).toBe(references.length);
      }),
      { numRuns: 300 },
    );
  });
});
