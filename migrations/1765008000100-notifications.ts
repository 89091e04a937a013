import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications for members (issue 17). The members' email choice and the
 * workspace's time zone are read-model columns of their settings events.
 * `notifications` is written by the notifications processor, one row per
 * (event, member): the unique key is what makes a replay add nothing. Reading
 * state (`read_at`) is the member's own and no event. An INSTANT member's
 * notifications of one project gather in one pending batch at most (partial
 * unique index) until its minute is up; `notification_digests` keeps one row
 * per member and local day, so a digest is claimed once whatever the workers.
 */
export class Notifications1765008000100 implements MigrationInterface {
  name = 'Notifications1765008000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE members ADD COLUMN email_notifications text NOT NULL DEFAULT 'INSTANT'
      CONSTRAINT members_email_notifications_check CHECK (email_notifications IN ('INSTANT', 'DAILY_DIGEST', 'OFF'))`);
    await q.query(`ALTER TABLE workspaces ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC'`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        member_id uuid NOT NULL,
        event_id uuid NOT NULL,
        type text NOT NULL,
        summary text NOT NULL,
        actor jsonb NOT NULL,
        project_id uuid,
        link text NOT NULL,
        occurred_at timestamptz NOT NULL,
        read_at timestamptz,
        batch_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notifications_event_member_key UNIQUE (event_id, member_id)
      )`);
    await q.query(
      `CREATE INDEX notifications_member_idx ON notifications (member_id, occurred_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (member_id) WHERE read_at IS NULL`);
    await q.query(
      `CREATE INDEX notifications_batch_idx ON notifications (batch_id) WHERE batch_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE notification_email_batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL,
        member_id uuid NOT NULL,
        project_id uuid,
        due_at timestamptz NOT NULL,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX notification_email_batches_pending_key ON notification_email_batches
      (member_id, coalesce(project_id, '00000000-0000-0000-0000-000000000000'::uuid)) WHERE sent_at IS NULL`);
    await q.query(
      `CREATE INDEX notification_email_batches_due_idx ON notification_email_batches (due_at) WHERE sent_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE notification_digests (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL,
        day date NOT NULL,
        workspace_id uuid NOT NULL,
        notification_count integer NOT NULL,
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (member_id, day)
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON notifications TO portal_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON notification_email_batches TO portal_app`);
    await q.query(`GRANT SELECT, INSERT ON notification_digests TO portal_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_digests, notification_email_batches, notifications`);
    await q.query(`ALTER TABLE workspaces DROP COLUMN time_zone`);
    await q.query(`ALTER TABLE members DROP COLUMN email_notifications`);
  }
}
