import { defineProjection } from '../../projections/inline-projection';
import type { RecurrenceEvent } from './recurrence.events';

/** recurring_invoices and recurring_invoice_periods. */
export const recurrenceProjection = defineProjection<RecurrenceEvent>({
  name: 'recurrences',
  tables: ['recurring_invoices', 'recurring_invoice_periods'],
  handlers: {
    async RecurringInvoiceScheduled({ data: d, recordedAt }, db) {
      await db.query(
        `INSERT INTO recurring_invoices (id, workspace_id, client_id, project_id, template_invoice_id, interval, every,
           start_date, end_date, count, send_automatically, due_in_days, status, next_period, next_issue_at, issued_count,
           created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'ACTIVE', 0, $13, 0, $14, $14)`,
        [
          d.recurrenceId,
          d.workspaceId,
          d.clientId,
          d.projectId,
          d.templateInvoiceId,
          d.interval,
          d.every,
          d.startDate,
          d.endDate,
          d.count,
          d.sendAutomatically,
          d.dueInDays,
          d.nextIssueAt,
          recordedAt,
        ],
      );
    },
    async RecurringInvoicePaused({ data, recordedAt }, db) {
      await db.query(`UPDATE recurring_invoices SET status = 'PAUSED', updated_at = $2 WHERE id = $1`, [
        data.recurrenceId,
        recordedAt,
      ]);
    },
    async RecurringInvoiceResumed({ data, recordedAt }, db) {
      await db.query(
        `UPDATE recurring_invoices SET status = 'ACTIVE', next_period = $2, next_issue_at = $3, updated_at = $4 WHERE id = $1`,
        [data.recurrenceId, data.nextPeriod, data.nextIssueAt, recordedAt],
      );
    },
    async RecurringInvoiceEnded({ data, recordedAt }, db) {
      await db.query(
        `UPDATE recurring_invoices SET status = 'ENDED', ended_reason = $2, next_issue_at = NULL, updated_at = $3 WHERE id = $1`,
        [data.recurrenceId, data.reason, recordedAt],
      );
    },
    async RecurringInvoiceIssued({ data, recordedAt }, db) {
      await db.query(
        `UPDATE recurring_invoices SET next_period = $2, next_issue_at = $3, issued_count = issued_count + 1, updated_at = $4
         WHERE id = $1`,
        [data.recurrenceId, data.period + 1, data.nextIssueAt, recordedAt],
      );
      await db.query(
        `INSERT INTO recurring_invoice_periods (recurrence_id, period, workspace_id, invoice_id, period_date, sent)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [data.recurrenceId, data.period, data.workspaceId, data.invoiceId, data.periodDate, data.sent],
      );
    },
  },
});
