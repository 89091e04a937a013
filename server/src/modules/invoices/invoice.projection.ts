import { defineProjection } from '../../projections/inline-projection';
import type { InvoiceContent, InvoiceEvent } from './invoice.events';

const contentColumns = (c: InvoiceContent) => [
  c.currency,
  JSON.stringify(c.lineItems),
  c.taxRatePercent,
  c.taxLabel,
  JSON.stringify(c.taxes),
  c.subtotal,
  c.taxAmount,
  c.total,
  c.notes,
  c.dueDate,
];

/** invoices and invoice_payments. */
export const invoiceProjection = defineProjection<InvoiceEvent>({
  name: 'invoices',
  tables: ['invoices', 'invoice_payments'],
  handlers: {
    async InvoiceCreated({ data, recordedAt }, db) {
      await db.query(
        `INSERT INTO invoices (id, workspace_id, client_id, project_id, number, status, currency, line_items, tax_rate_percent,
           tax_label, tax_lines, subtotal, tax_amount, total, notes, due_date, amount_paid, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'DRAFT', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 0, $16, $16)`,
        [
          data.invoiceId,
          data.workspaceId,
          data.clientId,
          data.projectId,
          data.number,
          ...contentColumns(data),
          recordedAt,
        ],
      );
    },
    async InvoiceUpdated({ data, recordedAt }, db) {
      await db.query(
        `UPDATE invoices SET currency = $2, line_items = $3, tax_rate_percent = $4, tax_label = $5, tax_lines = $6,
           subtotal = $7, tax_amount = $8, total = $9, notes = $10, due_date = $11, updated_at = $12 WHERE id = $1`,
        [data.invoiceId, ...contentColumns(data), recordedAt],
      );
    },
    async InvoiceSent({ data, recordedAt }, db) {
      await db.query(`UPDATE invoices SET status = 'SENT', issued_at = $2, updated_at = $3 WHERE id = $1`, [
        data.invoiceId,
        data.issuedAt,
        recordedAt,
      ]);
    },
    async InvoiceVoided({ data, recordedAt }, db) {
      await db.query(
        `UPDATE invoices SET status = 'VOID', voided_at = $2, void_reason = $3, updated_at = $4 WHERE id = $1`,
        [data.invoiceId, data.voidedAt, data.reason, recordedAt],
      );
    },
    async PaymentRecorded({ data, recordedAt }, db) {
      await db.query(
        `INSERT INTO invoice_payments (id, invoice_id, workspace_id, amount, method, note, reference, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          data.paymentId,
          data.invoiceId,
          data.workspaceId,
          data.amount,
          data.method,
          data.note,
          data.reference,
          data.receivedAt,
        ],
      );
      await db.query(
        `UPDATE invoices SET status = $2, amount_paid = $3,
           paid_at = CASE WHEN $2 = 'PAID' THEN coalesce(paid_at, $4::timestamptz) END, updated_at = $5
         WHERE id = $1`,
        [data.invoiceId, data.status, data.amountPaid, data.receivedAt, recordedAt],
      );
    },
    async PaymentExceededDue({ data, recordedAt }, db) {
      await db.query(`UPDATE invoices SET amount_overpaid = $2, updated_at = $3 WHERE id = $1`, [
        data.invoiceId,
        data.amountOverpaid,
        recordedAt,
      ]);
    },
    async InvoiceRemindersSet({ data, recordedAt }, db) {
      await db.query('UPDATE invoices SET reminders_enabled = $2, updated_at = $3 WHERE id = $1', [
        data.invoiceId,
        data.enabled,
        recordedAt,
      ]);
    },
    async InvoiceReminderSent({ data, recordedAt }, db) {
      await db.query(
        `UPDATE invoices SET reminded_days = array_append(reminded_days, $2::int), last_reminded_on = $3::date,
           updated_at = $4 WHERE id = $1`,
        [data.invoiceId, data.daysFromDue, data.remindedOn, recordedAt],
      );
    },
  },
});
