import type { DomainEvent } from '../../event-store/event.types';

export type InvoiceStatus = 'DRAFT' | 'SENT' | 'PARTIALLY_PAID' | 'PAID' | 'VOID';

export interface LineItemData {
  description: string;
  quantity: number;
  unitAmount: number;
  amount: number;
  /** The line's tax rate (the invoice's default unless the line named its own); since schema version 2. */
  taxRatePercent: number;
  /** What the tax is called on the invoice, such as VAT or GST; since schema version 2. */
  taxLabel: string;
}

/** The tax of every line at one rate and label: the totals per rate an invoice shows. */
export interface TaxLineData {
  label: string;
  ratePercent: number;
  /** The lines' amounts at this rate, added up. */
  taxableAmount: number;
  /** taxableAmount × ratePercent / 100, rounded half away from zero once per rate. */
  taxAmount: number;
}

/** What a draft's edits change, with the totals computed from them. */
export interface InvoiceContent {
  currency: string;
  lineItems: LineItemData[];
  /** The default rate of lines that name none. */
  taxRatePercent: number;
  /** The default label of lines that name none (Tax unless set); since schema version 2. */
  taxLabel: string;
  /** One per rate and label above 0, in the order the lines first use them; since schema version 2. */
  taxes: TaxLineData[];
  subtotal: number;
  taxAmount: number;
  total: number;
  dueDate: string | null;
  notes: string | null;
}

type InvoiceScoped<T> = {
  workspaceId: string;
  clientId: string;
  projectId: string;
  invoiceId: string;
  number: string;
} & T;

export type InvoiceCreated = DomainEvent<
  'InvoiceCreated',
  InvoiceScoped<InvoiceContent & { createdAt: string }>
>;
export type InvoiceUpdated = DomainEvent<'InvoiceUpdated', InvoiceScoped<InvoiceContent>>;
export type InvoiceSent = DomainEvent<
  'InvoiceSent',
  InvoiceScoped<{ issuedAt: string; total: number; currency: string; dueDate: string | null }>
>;
export type InvoiceVoided = DomainEvent<
  'InvoiceVoided',
  InvoiceScoped<{ reason: string | null; previousStatus: InvoiceStatus; voidedAt: string }>
>;
export type PaymentRecorded = DomainEvent<
  'PaymentRecorded',
  InvoiceScoped<{
    paymentId: string;
    amount: number;
    currency: string;
    method: string;
    note: string | null;
    receivedAt: string;
    /** Set for payments from a provider (a Stripe payment intent): one payment per reference. */
    reference: string | null;
    /** The Stripe Checkout session that took the payment, if one did (absent on older events). */
    checkoutSessionId?: string;
    /** All money received so far, this payment included (may exceed the total: see PaymentExceededDue). */
    amountPaid: number;
    /** VOID: a provider's payment that arrived after the void; the invoice stays void. */
    status: 'PARTIALLY_PAID' | 'PAID' | 'VOID';
  }>
>;
/**
 * A provider's payment (only those may) brought more than was due: a Checkout
 * session paid after another payment, or on a paid or voided invoice. Decided
 * with its PaymentRecorded; the money is recorded, and the members are told.
 */
export type PaymentExceededDue = DomainEvent<
  'PaymentExceededDue',
  InvoiceScoped<{
    paymentId: string;
    amount: number;
    /** What was due when it arrived (0 on a paid or voided invoice). */
    due: number;
    /** amount - due */
    excess: number;
    /** Every excess so far, this one included. */
    amountOverpaid: number;
    currency: string;
    status: 'PAID' | 'VOID';
  }>
>;

/** A member turned the invoice's reminders off (or on again); they are on unless turned off. */
export type InvoiceRemindersSet = DomainEvent<'InvoiceRemindersSet', InvoiceScoped<{ enabled: boolean }>>;
/**
 * A reminder of the unpaid invoice went out to its contacts (the emails
 * follow this event): the day of the workspace's schedule it was for, the
 * UTC day it was sent on, and what was still due.
 */
export type InvoiceReminderSent = DomainEvent<
  'InvoiceReminderSent',
  InvoiceScoped<{
    daysFromDue: number;
    /** YYYY-MM-DD (UTC). */
    remindedOn: string;
    dueDate: string;
    amountDue: number;
    total: number;
    currency: string;
  }>
>;

export type InvoiceEvent =
  | InvoiceCreated
  | InvoiceUpdated
  | InvoiceSent
  | InvoiceVoided
  | PaymentRecorded
  | PaymentExceededDue
  | InvoiceRemindersSet
  | InvoiceReminderSent;

export const invoiceStreamId = (invoiceId: string) => `invoice-${invoiceId}`;

/** INV-0001 … INV-9999, then INV-10000 and on. */
export const invoiceNumber = (n: number) => `INV-${String(n).padStart(4, '0')}`;
