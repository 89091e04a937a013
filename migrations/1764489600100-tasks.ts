import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of tasks and their comments (rebuilt from the log by
 * rebuild-projections). Actors are kept as the events' metadata gave them.
 */
export class Tasks1764489600100 implements MigrationInterface {
  name = 'Tasks1764489600100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tasks (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        client_id uuid NOT NULL,
        project_id uuid NOT NULL,
        title text NOT NULL,
        description text,
        status text NOT NULL,
        due_date timestamptz,
        assignee_contact_id uuid,
        created_by jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        completed_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    // Project.tasks, oldest first.
    await q.query(`CREATE INDEX tasks_project_idx ON tasks (project_id, created_at, id)`);
    await q.query(`
      CREATE TABLE task_comments (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        task_id uuid NOT NULL,
        body text NOT NULL,
        author jsonb NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    // Task.comments, oldest first.
    await q.query(`CREATE INDEX task_comments_task_idx ON task_comments (task_id, created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE task_comments, tasks`);
  }
}
