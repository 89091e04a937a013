import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Several tax rates per invoice: each line carries its rate and label (in
 * line_items), and the invoice its default label and its totals per rate
 * (tax_lines). Rows written before hold what their version-1 events are
 * upcast to (invoice.upcasters.ts), so a rebuild finds them equal: every line
 * at the invoice's one rate, labelled Tax, and one tax line over the subtotal.
 */
export class InvoiceTaxLines1764921600000 implements MigrationInterface {
  name = 'InvoiceTaxLines1764921600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices ADD COLUMN tax_label text NOT NULL DEFAULT 'Tax'`);
    await q.query(`ALTER TABLE invoices ADD COLUMN tax_lines jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`
      UPDATE invoices SET
        line_items = (
          SELECT coalesce(jsonb_agg(jsonb_build_object('taxRatePercent', tax_rate_percent, 'taxLabel', 'Tax') || l.value
                                    ORDER BY l.ordinality), '[]'::jsonb)
          FROM jsonb_array_elements(line_items) WITH ORDINALITY AS l(value, ordinality)),
        tax_lines = CASE WHEN tax_rate_percent > 0 AND jsonb_array_length(line_items) > 0
          THEN jsonb_build_array(jsonb_build_object('label', 'Tax', 'ratePercent', tax_rate_percent,
                 'taxableAmount', subtotal, 'taxAmount', tax_amount))
          ELSE '[]'::jsonb END`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices DROP COLUMN tax_lines, DROP COLUMN tax_label`);
  }
}
