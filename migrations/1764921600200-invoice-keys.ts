import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keys that open one invoice for one contact, from the invoice's emails
 * (invoice_keys): a credential like a sign-in link, so beside the log rather
 * than in it, stored only as its SHA-256, with the email it was sent to.
 * Checkout sessions learn who opened them (a contact, and the key they came
 * with), so the payment they bring carries that contact as its actor. The dev
 * mailbox keeps the names and sizes of the files an email carried.
 */
export class InvoiceKeys1764921600200 implements MigrationInterface {
  name = 'InvoiceKeys1764921600200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE invoice_keys (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        client_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        email text NOT NULL,
        key_hash bytea NOT NULL CONSTRAINT invoice_keys_hash_key UNIQUE,
        event_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await q.query(
      `CREATE INDEX invoice_keys_contact_idx ON invoice_keys (contact_id) WHERE revoked_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX invoice_keys_client_idx ON invoice_keys (client_id) WHERE revoked_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX invoice_keys_workspace_idx ON invoice_keys (workspace_id) WHERE revoked_at IS NULL`,
    );
    await q.query(`ALTER TABLE checkout_sessions ADD COLUMN contact_id uuid, ADD COLUMN invoice_key_id uuid`);
    await q.query(`ALTER TABLE dev_mailbox ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dev_mailbox DROP COLUMN attachments`);
    await q.query(`ALTER TABLE checkout_sessions DROP COLUMN contact_id, DROP COLUMN invoice_key_id`);
    await q.query(`DROP TABLE invoice_keys`);
  }
}
