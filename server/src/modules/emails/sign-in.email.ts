import { isReturnPath, type SignInOutboxPayload } from '../../auth/sign-in-outbox';
import type { SignInLinkRequested } from '../clients/contact-sign-in.events';
import type { Queryable } from '../../db/queryable';
import type { RecordedEvent } from '../../event-store/event.types';
import type { MailMessage } from '../../integrations/mailer';
import type { EmailPlanner } from './email.planner';
import { loadEmailBranding } from './email.branding';
import { PermanentEmailError } from './email.errors';
import { emailJobId, sealBinding, type EmailComposeContext, type SignInEmailJob } from './email.jobs';
import { renderSignInEmail } from './templates/sign-in.template';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * SignInLinkRequested → one job to the contact. The token comes from the
 * email_outbox row written with the event (no row: already queued, or the link
 * was revoked since: nothing to send). A removed contact gets nothing.
 */
export const planSignInEmail: EmailPlanner = async (event, db, { publicUrl, seal }) => {
  const { data } = event as RecordedEvent<SignInLinkRequested>;
  const { rows } = await db.query(
    `SELECT o.payload, c.name, c.email, c.removed, w.slug
     FROM email_outbox o
     JOIN contacts c ON c.id = $2 AND c.workspace_id = $3
     JOIN workspaces w ON w.id = $3
     WHERE o.event_id = $1`,
    [event.eventId, data.contactId, data.workspaceId],
  );
  const row = rows[0];
  if (!row || row.removed) return [];
  const payload = row.payload as SignInOutboxPayload;
  if (payload?.kind !== 'sign-in' || typeof payload.token !== 'string' || !BASE64URL.test(payload.token))
    return [];
  const back =
    typeof payload.returnTo === 'string' && isReturnPath(row.slug, payload.returnTo)
      ? `&next=${encodeURIComponent(payload.returnTo)}`
      : '';
  const link = `${publicUrl}/p/${encodeURIComponent(row.slug)}/auth?token=${payload.token}${back}`;
  const job: SignInEmailJob = {
    kind: 'sign-in',
    workspaceId: data.workspaceId,
    eventId: event.eventId,
    to: { email: row.email, name: row.name },
    expiresAt: data.expiresAt,
  };
  job.sealedLink = await seal.seal(link, sealBinding(job), db);
  return [{ jobId: emailJobId('sign-in', event.eventId, data.contactId), data: job }];
};

/** The message of a sign-in job, in the workspace's branding of the moment. */
export async function composeSignInEmail(
  job: SignInEmailJob,
  db: Queryable,
  now: Date,
  context: EmailComposeContext = { publicUrl: null },
): Promise<MailMessage> {
  const link =
    job.sealedLink && context.seal ? await context.seal.open(job.sealedLink, sealBinding(job), db) : null;
  if (!link) throw new PermanentEmailError('the job holds no link that opens (none, or not sealed for it)');
  const msLeft = Date.parse(job.expiresAt) - now.getTime();
  if (!(msLeft > 0)) throw new PermanentEmailError('the sign-in link expired before it could be sent');
  const branding = await loadEmailBranding(db, job.workspaceId, context.publicUrl);
  if (!branding) throw new PermanentEmailError(`workspace ${job.workspaceId} not found`);
  const rendered = renderSignInEmail({
    branding,
    recipientName: job.to.name,
    link,
    expiresInMinutes: Math.ceil(msLeft / 60_000),
  });
  return { to: job.to, fromName: branding.companyName, category: job.kind, ...rendered };
}
