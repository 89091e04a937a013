import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files in S3. upload_tickets is write-side state, not a read model (the
 * rebuild leaves it alone): one row per signed POST form handed out, who asked
 * for it, what it allows, when it was completed, and when a removed file's
 * object was purged. The read models gain when a document was removed (the
 * purge deletes a file's object 30 days later) and the keys of the
 * workspace's logo and background image.
 */
export class Files1764662400000 implements MigrationInterface {
  name = 'Files1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE upload_tickets (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        purpose text NOT NULL CONSTRAINT upload_tickets_purpose_check
          CHECK (purpose IN ('PROJECT_DOCUMENT', 'LOGO', 'BACKGROUND_IMAGE')),
        client_id uuid,
        project_id uuid,
        storage_key text NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size bigint NOT NULL,
        requested_by jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        -- PROJECT_DOCUMENT: the document the ticket becomes, drawn up front so that completing twice makes one.
        document_id uuid,
        completed_at timestamptz,
        purged_at timestamptz,
        CONSTRAINT upload_tickets_storage_key_key UNIQUE (storage_key),
        CONSTRAINT upload_tickets_project_check CHECK ((purpose = 'PROJECT_DOCUMENT') = (project_id IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX upload_tickets_document_idx ON upload_tickets (document_id)`);
    await q.query(`
      CREATE INDEX upload_tickets_unpurged_idx ON upload_tickets (document_id)
        WHERE completed_at IS NOT NULL AND purged_at IS NULL`);

    await q.query(`ALTER TABLE documents ADD COLUMN removed_at timestamptz`);
    await q.query(`
      UPDATE documents d SET removed_at = e.recorded_at
      FROM es_events e
      WHERE d.removed AND e.stream_id = 'document-' || d.id AND e.type = 'DocumentRemoved'`);
    await q.query(
      `CREATE INDEX documents_removed_files_idx ON documents (removed_at) WHERE removed AND kind = 'FILE'`,
    );

    await q.query(`ALTER TABLE workspaces ADD COLUMN logo_key text, ADD COLUMN background_image_key text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workspaces DROP COLUMN logo_key, DROP COLUMN background_image_key`);
    await q.query(`DROP INDEX documents_removed_files_idx`);
    await q.query(`ALTER TABLE documents DROP COLUMN removed_at`);
    await q.query(`DROP TABLE upload_tickets`);
  }
}
