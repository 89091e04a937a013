import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money received above what was due (PaymentExceededDue), a read-model column
 * of invoices. No invoice was overpaid before this: the decider refused it.
 */
export class InvoiceOverpaid1764748800050 implements MigrationInterface {
  name = 'InvoiceOverpaid1764748800050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices ADD COLUMN amount_overpaid bigint NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoices DROP COLUMN amount_overpaid`);
  }
}
