import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The service logs in as portal_app itself instead of logging in as the owner
 * and switching to it (a connection of the owner could switch back). The role
 * is the server's, not this database's: LOGIN is given, never a password here
 * (npm run migrate sets the one DATABASE_APP_URL names; locally trust or peer
 * needs none).
 */
export class AppLogin1764748800300 implements MigrationInterface {
  name = 'AppLogin1764748800300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER ROLE portal_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER ROLE portal_app WITH NOLOGIN`);
  }
}
