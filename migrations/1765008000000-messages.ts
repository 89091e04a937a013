import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model of projects' conversations (from the conversation-<project>
 * streams, rebuilt by rebuild-projections). The author is kept as the event's
 * actor gave it. The service's role may write and truncate it by the default
 * privileges the event-store migration set.
 */
export class Messages1765008000000 implements MigrationInterface {
  name = 'Messages1765008000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        client_id uuid NOT NULL,
        project_id uuid NOT NULL,
        body text NOT NULL,
        author jsonb NOT NULL,
        posted_at timestamptz NOT NULL
      )`);
    // Project.messages, newest first by keyset (posted_at, id).
    await q.query(
      `CREATE INDEX messages_project_idx ON messages (project_id, posted_at DESC, (id::text) DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE messages`);
  }
}
