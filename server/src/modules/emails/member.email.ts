import type {
  MemberInvitationOutboxPayload,
  MemberSignInOutboxPayload,
} from '../../auth/member-sign-in.recorder';
import { isConsoleReturnPath } from '../../auth/sign-in-outbox';
import type { Queryable } from '../../db/queryable';
import type { RecordedEvent } from '../../event-store/event.types';
import type { MailMessage } from '../../integrations/mailer';
import type { MemberInvited, MemberSignInLinkRequested } from '../members/member.events';
import { DEFAULT_ACCENT_COLOR } from '../workspaces/workspace.decider';
import { loadEmailBranding } from './email.branding';
import { PermanentEmailError } from './email.errors';
import {
  emailJobId,
  sealBinding,
  type EmailComposeContext,
  type MemberInvitationEmailJob,
  type MemberSignInEmailJob,
} from './email.jobs';
import type { EmailPlanner } from './email.planner';
import type { EmailBranding } from './templates/email.layout';
import { renderMemberInvitationEmail, renderMemberSignInEmail } from './templates/member.template';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Where a member's sign-in or invitation email points: the console's page that
 * asks for a press first, and the page to land on after (when one was asked for).
 */
export const consoleAuthLink = (publicUrl: string, token: string, returnTo?: unknown) =>
  `${publicUrl}/app/auth?token=${token}` +
  (typeof returnTo === 'string' && isConsoleReturnPath(returnTo)
    ? `&next=${encodeURIComponent(returnTo)}`
    : '');

/** A sealed link's binding: the job's, and its place in the job's list. */
const linkBinding = (job: MemberSignInEmailJob, index: number) => `${sealBinding(job)}|${index}`;

/**
 * MemberSignInLinkRequested → one email per request, however many
 * workspaces the address belongs to: the last link request of the batch left
 * every token in the outbox (the others left none, and plan nothing). Links
 * of members removed since are left out.
 */
export const planMemberSignInEmail: EmailPlanner = async (event, db, { publicUrl, seal }) => {
  const { data } = event as RecordedEvent<MemberSignInLinkRequested>;
  const { rows: outbox } = await db.query('SELECT payload FROM email_outbox WHERE event_id = $1', [
    event.eventId,
  ]);
  const payload = outbox[0]?.payload as MemberSignInOutboxPayload | undefined;
  if (payload?.kind !== 'member-sign-in' || !Array.isArray(payload.links)) return [];
  const { rows: members } = await db.query(
    `SELECT m.id, m.name, m.email, w.company_name FROM members m JOIN workspaces w ON w.id = m.workspace_id
     WHERE m.id = ANY($1::uuid[]) AND m.removed_at IS NULL`,
    [payload.links.map((link) => link.memberId)],
  );
  const byId = new Map(members.map((member) => [member.id as string, member]));
  const live = payload.links.filter((link) => byId.has(link.memberId) && BASE64URL.test(link.token));
  // To the address of the oldest membership (the request is case-insensitive; each membership keeps its own).
  const me = byId.get(live[0]?.memberId);
  if (!live.length || !me) return [];
  const job: MemberSignInEmailJob = {
    kind: 'member-sign-in',
    workspaceId: data.workspaceId,
    eventId: event.eventId,
    to: { email: me.email, name: me.name },
    expiresAt: data.expiresAt,
  };
  job.links = await Promise.all(
    live.map(async (link, index) => ({
      companyName: byId.get(link.memberId)!.company_name as string,
      sealedLink: await seal.seal(
        consoleAuthLink(publicUrl, link.token, payload.returnTo),
        linkBinding(job, index),
        db,
      ),
    })),
  );
  return [{ jobId: emailJobId('member-sign-in', event.eventId, data.memberId), data: job }];
};

/** MemberInvited → the invitation, to the address invited, with the link the outbox kept for it. */
export const planMemberInvitationEmail: EmailPlanner = async (event, db, { publicUrl, seal }) => {
  const { data } = event as RecordedEvent<MemberInvited>;
  const { rows } = await db.query(
    `SELECT o.payload FROM email_outbox o JOIN members m ON m.id = $2 AND m.removed_at IS NULL
     WHERE o.event_id = $1`,
    [event.eventId, data.memberId],
  );
  const payload = rows[0]?.payload as MemberInvitationOutboxPayload | undefined;
  if (payload?.kind !== 'member-invitation' || !BASE64URL.test(payload.token ?? '')) return [];
  const job: MemberInvitationEmailJob = {
    kind: 'member-invitation',
    workspaceId: data.workspaceId,
    eventId: event.eventId,
    to: { email: data.email, name: data.name },
    inviterName: event.metadata.actor.name,
    expiresAt: data.expiresAt,
  };
  job.sealedLink = await seal.seal(consoleAuthLink(publicUrl, payload.token), sealBinding(job), db);
  return [{ jobId: emailJobId('member-invitation', event.eventId, data.memberId), data: job }];
};

/** The product's own look, for an email that speaks for several workspaces at once. */
const NEUTRAL: EmailBranding = {
  companyName: 'Client Portal',
  accentColor: DEFAULT_ACCENT_COLOR,
  logoUrl: null,
  showYourBrand: true,
};

const minutesLeft = (expiresAt: string, now: Date) => {
  const ms = Date.parse(expiresAt) - now.getTime();
  if (!(ms > 0)) throw new PermanentEmailError('the link expired before it could be sent');
  return Math.ceil(ms / 60_000);
};

/** The message of a member's sign-in job: one workspace in its branding, several in the product's. */
export async function composeMemberSignInEmail(
  job: MemberSignInEmailJob,
  db: Queryable,
  now: Date,
  context: EmailComposeContext = { publicUrl: null },
): Promise<MailMessage> {
  const minutes = minutesLeft(job.expiresAt, now);
  const links = await Promise.all(
    (job.links ?? []).map(async (link, index) => ({
      companyName: link.companyName,
      url: context.seal ? await context.seal.open(link.sealedLink, linkBinding(job, index), db) : null,
    })),
  );
  if (!links.length || links.some((link) => !link.url))
    throw new PermanentEmailError('the job holds no link that opens (none, or not sealed for it)');
  const branding =
    links.length === 1
      ? ((await loadEmailBranding(db, job.workspaceId, context.publicUrl)) ?? NEUTRAL)
      : NEUTRAL;
  const rendered = renderMemberSignInEmail({
    branding,
    recipientName: job.to.name,
    links: links.map((link) => ({ companyName: link.companyName, url: link.url! })),
    expiresInMinutes: minutes,
  });
  return { to: job.to, fromName: branding.companyName, category: job.kind, ...rendered };
}

/** The message of an invitation, in the inviting workspace's branding. */
export async function composeMemberInvitationEmail(
  job: MemberInvitationEmailJob,
  db: Queryable,
  now: Date,
  context: EmailComposeContext = { publicUrl: null },
): Promise<MailMessage> {
  minutesLeft(job.expiresAt, now);
  const link =
    job.sealedLink && context.seal ? await context.seal.open(job.sealedLink, sealBinding(job), db) : null;
  if (!link) throw new PermanentEmailError('the job holds no link that opens (none, or not sealed for it)');
  const branding = await loadEmailBranding(db, job.workspaceId, context.publicUrl);
  if (!branding) throw new PermanentEmailError(`workspace ${job.workspaceId} not found`);
  const rendered = renderMemberInvitationEmail({
    branding,
    recipientName: job.to.name,
    inviterName: job.inviterName,
    link,
    expiresAt: job.expiresAt,
  });
  return { to: job.to, fromName: branding.companyName, category: job.kind, ...rendered };
}
