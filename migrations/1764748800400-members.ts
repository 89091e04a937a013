import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A team per workspace: members' roles (every member until now was a
 * workspace's owner), invitations, when each last signed in, removals; and
 * their sign-in to the console, beside the log as the contacts' is: one-time
 * links (sign-in: 15 minutes; invitation: 7 days) and sessions, stored as
 * SHA-256 hashes.
 */
export class Members1764748800400 implements MigrationInterface {
  name = 'Members1764748800400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE members ADD COLUMN role text NOT NULL DEFAULT 'OWNER'
      CONSTRAINT members_role_check CHECK (role IN ('OWNER', 'MEMBER'))`);
    await q.query(`ALTER TABLE members ALTER COLUMN role DROP DEFAULT`);
    await q.query(`ALTER TABLE members ADD COLUMN invited_at timestamptz, ADD COLUMN removed_at timestamptz,
      ADD COLUMN last_signed_in_at timestamptz`);
    await q.query(
      `CREATE UNIQUE INDEX members_live_email_key ON members (workspace_id, lower(email)) WHERE removed_at IS NULL`,
    );
    await q.query(`CREATE INDEX members_email_idx ON members (lower(email)) WHERE removed_at IS NULL`);
    await q.query(`
      CREATE TABLE member_login_links (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        member_id uuid NOT NULL,
        purpose text NOT NULL CONSTRAINT member_login_links_purpose_check CHECK (purpose IN ('sign-in', 'invitation')),
        token_hash bytea NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT member_login_links_hash_key UNIQUE (token_hash)
      )`);
    await q.query(
      `CREATE INDEX member_login_links_live_idx ON member_login_links (member_id) WHERE used_at IS NULL AND revoked_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE member_sessions (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        member_id uuid NOT NULL,
        token_hash bytea NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        CONSTRAINT member_sessions_hash_key UNIQUE (token_hash)
      )`);
    await q.query(
      `CREATE INDEX member_sessions_member_idx ON member_sessions (member_id) WHERE ended_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE member_sessions, member_login_links`);
    await q.query(`DROP INDEX members_email_idx`);
    await q.query(`DROP INDEX members_live_email_key`);
    await q.query(`ALTER TABLE members DROP COLUMN last_signed_in_at, DROP COLUMN removed_at, DROP COLUMN invited_at,
      DROP COLUMN role`);
  }
}
