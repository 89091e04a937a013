import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../event-store/event.types';
import type { LiveBus } from '../../graphql/live/live-bus';
import type { AsyncProcessor } from '../../projections/async-processor';
import { describeNotification, NOTIFIED_EVENT_TYPES } from './notification.describe';
import { memberKeys, NOTIFICATION_TOPIC, type NotificationLivePayload } from './notification.live';

export const NOTIFICATIONS_PROCESSOR = 'notifications';

/** How long an INSTANT member's pending email of a project waits for more before it goes. */
export const INSTANT_WINDOW_MS = 60_000;

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Whether this ContactSignedIn is the contact's first ever (none before it on its signin-<contactId> stream). */
async function firstSignIn(event: RecordedEvent, db: PoolClient): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM es_events WHERE stream_id = $1 AND type = 'ContactSignedIn' AND stream_position < $2 LIMIT 1`,
    [event.streamId, event.streamPosition],
  );
  return rows.length === 0;
}

/** The project's name and workspace, and the invoice's number, as the read models have them now. */
async function lookups(event: RecordedEvent, db: PoolClient) {
  const data = event.data as { projectId?: string; invoiceId?: string; workspaceId?: string };
  const project = data.projectId
    ? (await db.query('SELECT name, workspace_id FROM projects WHERE id = $1', [data.projectId])).rows[0]
    : null;
  const invoice =
    event.type === 'PaymentRecorded' && data.invoiceId
      ? (await db.query('SELECT number FROM invoices WHERE id = $1', [data.invoiceId])).rows[0]
      : null;
  return {
    workspaceId: (data.workspaceId ?? project?.workspace_id ?? event.metadata.tenantId ?? null) as
      string | null,
    projectName: (project?.name as string | undefined) ?? null,
    invoiceNumber: (invoice?.number as string | undefined) ?? null,
  };
}

/**
 * Follows the log and tells every live member of the workspace of what a
 * contact did (uploads, tasks, messages, payments, a first sign-in): a row
 * per (event, member) in `notifications`, written in the transaction that
 * moves the checkpoint, under a unique key, so a replay or a restart mid-way
 * adds nothing. A member's mode is read as it is now: an INSTANT member's
 * new notification joins the project's pending email batch (opened due a
 * minute after the event), which notification-emails.ts sends.
 *
 * Notifications are rows, not events, so the live publisher never sees them:
 * once the batch's transaction has committed, each new row is announced on
 * the live bus to its member (`member:ID`, notificationAdded). Nothing is
 * announced of a batch rolled back; a publish lost after the commit (Redis
 * away) is not sent again: the console re-queries its notifications on
 * reconnect and on navigation, which catches it up.
 */
export function createNotificationsProcessor(deps: { live: () => LiveBus }): AsyncProcessor {
  return {
    name: NOTIFICATIONS_PROCESSOR,
    eventTypes: NOTIFIED_EVENT_TYPES,
    batchSize: 100,
    async handle(events, db) {
      const added: NotificationLivePayload[] = [];
      for (const event of events) {
        if (event.metadata.actor?.kind !== 'CONTACT') continue;
        if (event.type === 'ContactSignedIn' && !(await firstSignIn(event, db))) continue;
        const found = await lookups(event, db);
        const draft = describeNotification(event, found);
        if (!draft || !found.workspaceId) continue;
        const { rows } = await db.query(
          `INSERT INTO notifications (workspace_id, member_id, event_id, type, summary, actor, project_id, link, occurred_at)
           SELECT m.workspace_id, m.id, $2, $3, $4, $5, $6, $7, $8 FROM members m
           WHERE m.workspace_id = $1 AND m.removed_at IS NULL
           ON CONFLICT (event_id, member_id) DO NOTHING
           RETURNING id, member_id, (SELECT email_notifications FROM members WHERE id = member_id) AS mode`,
          [
            found.workspaceId,
            event.eventId,
            event.type,
            draft.summary,
            JSON.stringify(event.metadata.actor),
            draft.projectId,
            draft.link,
            event.recordedAt,
          ],
        );
        for (const row of rows)
          added.push({ keys: memberKeys(row.member_id), notificationId: row.id, memberId: row.member_id });
        for (const row of rows.filter((r) => r.mode === 'INSTANT')) {
          // The pending batch of this member and project, or a new one; the row lock (DO UPDATE)
          // orders this with the sender claiming it: a claimed batch is no longer pending here.
          const batch = await db.query(
            `INSERT INTO notification_email_batches (workspace_id, member_id, project_id, due_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (member_id, (coalesce(project_id, '${NIL_UUID}'::uuid))) WHERE sent_at IS NULL
             DO UPDATE SET due_at = notification_email_batches.due_at
             RETURNING id`,
            [
              found.workspaceId,
              row.member_id,
              draft.projectId,
              new Date(event.recordedAt.getTime() + INSTANT_WINDOW_MS),
            ],
          );
          await db.query('UPDATE notifications SET batch_id = $2 WHERE id = $1', [row.id, batch.rows[0].id]);
        }
      }
      if (!added.length) return;
      return async () => {
        await Promise.all(added.map((payload) => deps.live().publish(NOTIFICATION_TOPIC, payload)));
      };
    },
  };
}
