import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keys the service keeps to itself (service_keys): the key that seals an
 * email job's secret (a sign-in link) before the job goes to Redis, so that
 * Redis never holds a usable link. And email_deliveries learns 'sending': an
 * attempt is recorded before the provider is called, so a worker killed
 * mid-send leaves a row whose outcome is unknown rather than no row at all.
 */
export class SealedEmailSecrets1764748800200 implements MigrationInterface {
  name = 'SealedEmailSecrets1764748800200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_keys (
        name text PRIMARY KEY,
        key bytea NOT NULL CHECK (length(key) = 32),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`REVOKE ALL ON service_keys FROM PUBLIC, portal_app`);
    await q.query(`GRANT SELECT, INSERT ON service_keys TO portal_app`);
    await q.query(`ALTER TABLE email_deliveries DROP CONSTRAINT email_deliveries_status_check`);
    await q.query(`
      ALTER TABLE email_deliveries ADD CONSTRAINT email_deliveries_status_check
        CHECK (status IN ('sending', 'retrying', 'sent', 'failed'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE email_deliveries DROP CONSTRAINT email_deliveries_status_check`);
    await q.query(`UPDATE email_deliveries SET status = 'retrying' WHERE status = 'sending'`);
    await q.query(`
      ALTER TABLE email_deliveries ADD CONSTRAINT email_deliveries_status_check
        CHECK (status IN ('retrying', 'sent', 'failed'))`);
    await q.query(`DROP TABLE service_keys`);
  }
}
