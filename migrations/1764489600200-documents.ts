import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model of a project's documents (rebuilt from the log by
 * rebuild-projections): shared links now; uploaded files (content_type, size,
 * storage_key) later. A removed document stays as a row marked removed.
 */
export class Documents1764489600200 implements MigrationInterface {
  name = 'Documents1764489600200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        client_id uuid NOT NULL,
        project_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('LINK', 'FILE')),
        name text NOT NULL,
        url text,
        content_type text,
        size bigint,
        storage_key text,
        shared_by jsonb NOT NULL,
        shared_at timestamptz NOT NULL,
        removed boolean NOT NULL
      )`);
    // Project.documents, newest first, live ones only.
    await q.query(
      `CREATE INDEX documents_project_idx ON documents (project_id, shared_at, id) WHERE NOT removed`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE documents`);
  }
}
