import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console's lists a page at a time, by keyset: clients by name, projects
 * and invoices newest first, the workspace's activity newest first. Each
 * page is one index range scan, however large the workspace.
 */
export class ListIndexes1764748800500 implements MigrationInterface {
  name = 'ListIndexes1764748800500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX clients_by_name_idx ON clients (workspace_id, lower(name), (id::text))`);
    await q.query(
      `CREATE INDEX projects_newest_idx ON projects (workspace_id, created_at DESC, (id::text) DESC)`,
    );
    await q.query(
      `CREATE INDEX invoices_newest_idx ON invoices (workspace_id, created_at DESC, (id::text) DESC)`,
    );
    await q.query(
      `CREATE INDEX timeline_workspace_idx ON timeline_entries (workspace_id, position DESC, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DROP INDEX timeline_workspace_idx, invoices_newest_idx, projects_newest_idx, clients_by_name_idx`,
    );
  }
}
