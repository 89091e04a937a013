import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * projectAt's snapshots: a project's read-model rows as a replay of its
 * streams left them, covering exactly the events below a log horizon
 * (`horizon`, no transaction below it still running) recorded by `upto`.
 * A later projectAt restores the newest one before its instant and replays
 * only what it lacks. Derived data: rebuild-projections empties the table,
 * an erasure deletes its workspace's rows (they hold opened personal data),
 * and `build` (the read models' shape and the release) retires old ones.
 */
export class ProjectSnapshots1765094400800 implements MigrationInterface {
  name = 'ProjectSnapshots1765094400800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE project_snapshots (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        project_id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        upto timestamptz NOT NULL,
        horizon xid8 NOT NULL,
        build text NOT NULL,
        streams text[] NOT NULL,
        events integer NOT NULL,
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX project_snapshots_project_idx ON project_snapshots (project_id, build, upto DESC)`,
    );
    await q.query(`CREATE INDEX project_snapshots_workspace_idx ON project_snapshots (workspace_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE project_snapshots`);
  }
}
