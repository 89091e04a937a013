import type { Queryable } from '../../db/queryable';
import type { MailMessage } from '../../integrations/mailer';
import { loadEmailBranding } from './email.branding';
import { PermanentEmailError } from './email.errors';
import type { EmailComposeContext, NotificationEmailJob } from './email.jobs';
import { renderNotificationEmail } from './templates/notification.template';

/**
 * The message of a notification job, read at send time: the member's own
 * notifications of the job (a member removed since gets none), grouped by
 * project, each linking to the console (PUBLIC_URL/app/…).
 */
export async function composeNotificationEmail(
  job: NotificationEmailJob,
  db: Queryable,
  _now: Date,
  context: EmailComposeContext = { publicUrl: null },
): Promise<MailMessage> {
  const { rows } = await db.query(
    `SELECT n.summary, n.link, n.occurred_at, n.project_id, p.name AS project_name
     FROM notifications n JOIN members m ON m.id = n.member_id AND m.removed_at IS NULL
     LEFT JOIN projects p ON p.id = n.project_id
     WHERE n.id = ANY($1::uuid[]) AND n.member_id = $2 AND n.workspace_id = $3
     ORDER BY p.name NULLS LAST, n.project_id, n.occurred_at, n.id`,
    [job.notificationIds, job.memberId, job.workspaceId],
  );
  if (!rows.length) throw new PermanentEmailError('none of the notifications is the member’s any more');
  const branding = await loadEmailBranding(db, job.workspaceId, context.publicUrl);
  if (!branding) throw new PermanentEmailError(`workspace ${job.workspaceId} not found`);
  const base = (job.publicUrl || context.publicUrl || '').replace(/\/$/, '');
  const groups: { projectName: string | null; items: { summary: string; url: string; at: string }[] }[] = [];
  let last: string | null | undefined;
  for (const row of rows) {
    if (row.project_id !== last || !groups.length) {
      groups.push({ projectName: row.project_name ?? null, items: [] });
      last = row.project_id;
    }
    groups[groups.length - 1].items.push({
      summary: row.summary,
      url: `${base}${row.link}`,
      at: new Date(row.occurred_at).toISOString(),
    });
  }
  const rendered = renderNotificationEmail({
    branding,
    recipientName: job.to.name,
    digest: job.digest,
    groups,
  });
  return { to: job.to, fromName: branding.companyName, category: job.kind, ...rendered };
}
