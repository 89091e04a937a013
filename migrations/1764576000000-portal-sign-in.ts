import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contacts' sign-in: one-time links and sessions (credentials, stored as
 * SHA-256 hashes, beside the log and never in it), the email outbox through
 * which a sign-in token reaches the email job without entering an event, and
 * when each contact last signed in (a read model fed by ContactSignedIn).
 */
export class PortalSignIn1764576000000 implements MigrationInterface {
  name = 'PortalSignIn1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_links (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        token_hash bytea NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT login_links_hash_key UNIQUE (token_hash)
      )`);
    await q.query(
      `CREATE INDEX login_links_live_idx ON login_links (contact_id) WHERE used_at IS NULL AND revoked_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE contact_sessions (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        client_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        token_hash bytea NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        CONSTRAINT contact_sessions_hash_key UNIQUE (token_hash)
      )`);
    await q.query(
      `CREATE INDEX contact_sessions_contact_idx ON contact_sessions (contact_id) WHERE ended_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX contact_sessions_client_idx ON contact_sessions (client_id) WHERE ended_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX contact_sessions_workspace_idx ON contact_sessions (workspace_id) WHERE ended_at IS NULL`,
    );
    // A row per event whose email needs a secret (a sign-in token): written with the
    // event, read by the email dispatcher when it queues the job, then deleted.
    await q.query(`
      CREATE TABLE email_outbox (
        event_id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE contacts ADD COLUMN last_signed_in_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE contacts DROP COLUMN last_signed_in_at`);
    await q.query(`DROP TABLE email_outbox, contact_sessions, login_links`);
  }
}
