import { defineProjection } from '../../projections/inline-projection';
import type { BillingSettingsEvent } from './billing-settings.events';

/** billing_settings: one row per workspace that set anything (none: the defaults). */
export const billingSettingsProjection = defineProjection<BillingSettingsEvent>({
  name: 'billing-settings',
  tables: ['billing_settings'],
  handlers: {
    async BillingProfileUpdated({ data: { workspaceId, profile: p }, recordedAt }, db) {
      await db.query(
        `INSERT INTO billing_settings (workspace_id, legal_name, address, tax_id, payment_instructions, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (workspace_id) DO UPDATE SET legal_name = $2, address = $3, tax_id = $4,
           payment_instructions = $5, updated_at = $6`,
        [workspaceId, p.legalName, p.address, p.taxId, p.paymentInstructions, recordedAt],
      );
    },
    async ReminderScheduleUpdated({ data: { workspaceId, daysFromDue }, recordedAt }, db) {
      await db.query(
        `INSERT INTO billing_settings (workspace_id, reminder_days, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id) DO UPDATE SET reminder_days = $2, updated_at = $3`,
        [workspaceId, daysFromDue, recordedAt],
      );
    },
  },
});
