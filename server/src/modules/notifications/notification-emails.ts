import { Queue, Worker } from 'bullmq';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { inTransaction } from '../../db/pool';
import { redisRetryStrategy } from '../emails/email.queue';
import type { EmailJobData, NotificationEmailJob } from '../emails/email.jobs';

export const NOTIFICATION_EMAILS_QUEUE = 'notification-emails';
/** How often the sender looks for batches whose minute is up and digests whose 08:00 has come. */
export const NOTIFICATION_EMAILS_EVERY_MS = 15_000;
/** The local hour of the daily digest. */
export const DIGEST_HOUR = 8;

export interface NotificationEmailRunOptions {
  pool: Pool;
  /** The emails queue (jobs of kind 'notification'). */
  queue: () => Queue<EmailJobData>;
  publicUrl: string;
  now: Date;
  logger?: Logger;
}

export interface NotificationEmailRun {
  instant: number;
  digests: number;
}

/**
 * Each batch is claimed (sent_at set where it was null) and its job queued in
 * one transaction: a queueing that fails rolls the claim back, and the next
 * run tries again; a job queued whose claim did not commit is queued again
 * under the same id, which BullMQ ignores (and the worker's email_deliveries
 * would not send twice). Of two runs at once, one claims.
 */
async function sendDueBatches(options: NotificationEmailRunOptions): Promise<number> {
  const { rows: due } = await options.pool.query(
    `SELECT id FROM notification_email_batches WHERE sent_at IS NULL AND due_at <= $1 ORDER BY due_at LIMIT 500`,
    [options.now],
  );
  let sent = 0;
  for (const { id } of due) {
    sent += await inTransaction(options.pool, async (db) => {
      const claimed = await db.query(
        `UPDATE notification_email_batches b SET sent_at = $2 FROM members m
         WHERE b.id = $1 AND b.sent_at IS NULL AND m.id = b.member_id
         RETURNING b.workspace_id, b.member_id, m.name, m.email, m.removed_at, m.email_notifications`,
        [id, options.now],
      );
      const batch = claimed.rows[0];
      if (!batch || batch.removed_at || batch.email_notifications !== 'INSTANT') return 0;
      const { rows } = await db.query(
        'SELECT id FROM notifications WHERE batch_id = $1 ORDER BY occurred_at, id',
        [id],
      );
      if (!rows.length) return 0;
      const job: NotificationEmailJob = {
        kind: 'notification',
        workspaceId: batch.workspace_id,
        eventId: id,
        to: { email: batch.email, name: batch.name },
        memberId: batch.member_id,
        notificationIds: rows.map((row) => row.id),
        digest: false,
        publicUrl: options.publicUrl,
      };
      await options.queue().add(job.kind, job, { jobId: `notification.${id}` });
      return 1;
    });
  }
  return sent;
}

/**
 * DAILY_DIGEST members whose workspace's clock says 08:00 or later today and
 * who have no digest for today: the digest row (member, local day) is the
 * claim, inserted with the job queued in the same transaction; it lists the
 * notifications from 08:00 yesterday to 08:00 today, local time (none: no email).
 */
async function sendDueDigests(options: NotificationEmailRunOptions): Promise<number> {
  const { rows: members } = await options.pool.query(
    `SELECT m.id, m.workspace_id, m.name, m.email, w.time_zone,
            to_char(($1::timestamptz AT TIME ZONE w.time_zone)::date, 'YYYY-MM-DD') AS day
     FROM members m JOIN workspaces w ON w.id = m.workspace_id
     WHERE m.email_notifications = 'DAILY_DIGEST' AND m.removed_at IS NULL
       AND extract(hour FROM $1::timestamptz AT TIME ZONE w.time_zone) >= $2
       AND NOT EXISTS (SELECT 1 FROM notification_digests d WHERE d.member_id = m.id
                       AND d.day = ($1::timestamptz AT TIME ZONE w.time_zone)::date)`,
    [options.now, DIGEST_HOUR],
  );
  let sent = 0;
  for (const member of members) {
    sent += await inTransaction(options.pool, async (db) => {
      const { rows } = await db.query(
        `SELECT id FROM notifications WHERE member_id = $1
           AND occurred_at >= (($2::date - 1) + make_time($4, 0, 0)) AT TIME ZONE $3
           AND occurred_at < ($2::date + make_time($4, 0, 0)) AT TIME ZONE $3
         ORDER BY occurred_at, id`,
        [member.id, member.day, member.time_zone, DIGEST_HOUR],
      );
      const claimed = await db.query(
        `INSERT INTO notification_digests (member_id, day, workspace_id, notification_count, sent_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (member_id, day) DO NOTHING RETURNING id`,
        [member.id, member.day, member.workspace_id, rows.length, options.now],
      );
      if (!claimed.rows.length || !rows.length) return 0;
      const job: NotificationEmailJob = {
        kind: 'notification',
        workspaceId: member.workspace_id,
        eventId: claimed.rows[0].id,
        to: { email: member.email, name: member.name },
        memberId: member.id,
        notificationIds: rows.map((row) => row.id),
        digest: true,
        day: member.day,
        publicUrl: options.publicUrl,
      };
      await options.queue().add(job.kind, job, { jobId: `notification-digest.${member.id}.${member.day}` });
      return 1;
    });
  }
  return sent;
}

/** One run of the notification emails: INSTANT batches whose minute is up, then the digests due. */
export async function runNotificationEmails(
  options: NotificationEmailRunOptions,
): Promise<NotificationEmailRun> {
  const instant = await sendDueBatches(options);
  const digests = await sendDueDigests(options);
  if (instant || digests) options.logger?.info({ instant, digests }, 'notification emails queued');
  return { instant, digests };
}

export interface NotificationEmailScheduler {
  queue: Queue;
  worker: Worker;
  close(): Promise<void>;
}

/** The repeatable job (one scheduler however many workers upsert it) that runs runNotificationEmails with the clock of the moment. */
export function startNotificationEmails(options: {
  pool: Pool;
  emailQueue: () => Queue<EmailJobData>;
  publicUrl: string;
  redisUrl: string;
  prefix: string;
  clock: () => Date;
  logger: Logger;
  everyMs?: number;
}): NotificationEmailScheduler {
  const connection = { url: options.redisUrl, maxRetriesPerRequest: null, retryStrategy: redisRetryStrategy };
  const queue = new Queue(NOTIFICATION_EMAILS_QUEUE, { connection, prefix: options.prefix });
  queue.on('error', (error) =>
    options.logger.warn({ err: error.message }, 'notification emails queue: redis error'),
  );
  const worker = new Worker(
    NOTIFICATION_EMAILS_QUEUE,
    () =>
      runNotificationEmails({
        pool: options.pool,
        queue: options.emailQueue,
        publicUrl: options.publicUrl,
        now: options.clock(),
        logger: options.logger,
      }),
    { connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('error', (error) =>
    options.logger.warn({ err: error.message }, 'notification emails worker: redis error'),
  );
  worker.on('failed', (_job, error) =>
    options.logger.error({ err: error }, 'notification emails run failed'),
  );
  queue
    .upsertJobScheduler(
      NOTIFICATION_EMAILS_QUEUE,
      { every: options.everyMs ?? NOTIFICATION_EMAILS_EVERY_MS },
      { name: 'notify', opts: { removeOnComplete: 100, removeOnFail: 100 } },
    )
    .catch((error) => options.logger.error({ err: error }, 'could not schedule the notification emails'));
  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
