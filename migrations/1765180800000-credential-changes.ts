import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose rows decide what a session, a console session or an API token stands for. */
const TABLES = [
  'contact_sessions',
  'member_sessions',
  'api_tokens',
  'contacts',
  'clients',
  'workspaces',
  'members',
];

/**
 * A notification on the channel `portal_credentials` whenever a statement
 * changes a table that decides who a credential is (a session ended or slid,
 * a token revoked, a contact or member removed, renamed or given a role, a
 * client archived, a portal turned off): each API process keeps the
 * credentials it has checked for a few seconds (auth/credential.cache.ts) and
 * forgets them all when it hears one. PostgreSQL sends a notification when
 * its transaction commits, never for one rolled back, so a process forgets at
 * the moment a change becomes visible. Statement-level: one per statement,
 * and PostgreSQL folds the same one within a transaction.
 */
export class CredentialChanges1765180800000 implements MigrationInterface {
  name = 'CredentialChanges1765180800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION portal_credentials_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('portal_credentials', '');
        RETURN NULL;
      END $$`);
    for (const table of TABLES) {
      await q.query(
        `CREATE TRIGGER ${table}_credentials_changed AFTER UPDATE OR DELETE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION portal_credentials_changed()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_credentials_truncated AFTER TRUNCATE ON ${table}
         FOR EACH STATEMENT EXECUTE FUNCTION portal_credentials_changed()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`DROP TRIGGER ${table}_credentials_changed ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_credentials_truncated ON ${table}`);
    }
    await q.query(`DROP FUNCTION portal_credentials_changed()`);
  }
}
