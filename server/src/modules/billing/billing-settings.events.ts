import type { DomainEvent } from '../../event-store/event.types';

/** Who issues the workspace's invoices, as an accountant reads them on the PDF. */
export interface BillingProfileData {
  /** The legal name (the company name when none is set). */
  legalName: string | null;
  /** Postal address, lines separated by newlines. */
  address: string | null;
  /** VAT number, EIN, ABN …: whatever the tax authority calls it. */
  taxId: string | null;
  /** Bank details and the like, as free text: shown when online payment is off, and as an alternative. */
  paymentInstructions: string | null;
}

export type BillingProfileUpdated = DomainEvent<
  'BillingProfileUpdated',
  { workspaceId: string; profile: BillingProfileData }
>;

/**
 * When reminders of an unpaid invoice go out: days relative to its due date
 * (-3 is three days before, 0 the day itself, 7 a week after). Empty: none.
 */
export type ReminderScheduleUpdated = DomainEvent<
  'ReminderScheduleUpdated',
  { workspaceId: string; daysFromDue: number[] }
>;

export type BillingSettingsEvent = BillingProfileUpdated | ReminderScheduleUpdated;

/**
 * A workspace's billing settings are a stream of their own: edits to them
 * never contend with the workspace's branding or tokens.
 */
export const billingSettingsStreamId = (workspaceId: string) => `billing-${workspaceId}`;

/** What a workspace reminds of until it says otherwise: 3 days before, on the day, 7 days after. */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [-3, 0, 7];
