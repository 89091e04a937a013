import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The streams whose events name a project (data->>'projectId'), one
 * workspace's at a time: what projectAt replays to answer a project as it
 * stood at an instant. Without it that lookup reads every event of the workspace.
 */
export class EventsByProject1765094400700 implements MigrationInterface {
  name = 'EventsByProject1765094400700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX es_events_project_idx ON es_events (tenant_id, (data->>'projectId')) WHERE data ? 'projectId'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX es_events_project_idx`);
  }
}
