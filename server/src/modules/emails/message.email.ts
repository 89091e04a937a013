import type { Queryable } from '../../db/queryable';
import type { RecordedEvent } from '../../event-store/event.types';
import type { MailMessage } from '../../integrations/mailer';
import type { MessagePosted } from '../conversations/conversation.events';
import type { EmailPlanner } from './email.planner';
import { loadEmailBranding } from './email.branding';
import { PermanentEmailError } from './email.errors';
import { emailJobId, type EmailComposeContext, type MessageEmailJob } from './email.jobs';
import { invoiceRecipients } from './invoice.email';
import { renderMessageEmail } from './templates/message.template';

/** Where a message email points: the project's overview in the portal, at its conversation. */
export const conversationLink = (publicUrl: string, slug: string, projectId: string) =>
  `${publicUrl}/p/${encodeURIComponent(slug)}/projects/${projectId}?tab=overview#conversation`;

/**
 * MessagePosted by a member → one email to each live contact of the
 * project's client (a contact's message emails no contact: members hear of it
 * through their notifications). Nobody is emailed while the contacts could not
 * open the link: the client archived, the portal off, or the project not active.
 */
export const planMessageEmails: EmailPlanner = async (event, db, { publicUrl }) => {
  const { data, metadata } = event as RecordedEvent<MessagePosted>;
  const workspaceId = metadata.tenantId;
  if (metadata.actor.kind !== 'MEMBER' || !workspaceId) return [];
  const { rows } = await db.query(
    `SELECT 1 FROM projects p JOIN clients cl ON cl.id = p.client_id JOIN workspaces w ON w.id = p.workspace_id
     WHERE p.id = $1 AND p.workspace_id = $2 AND p.status = 'ACTIVE' AND NOT cl.archived AND w.portal_enabled`,
    [data.projectId, workspaceId],
  );
  if (!rows.length) return [];
  const { slug, contacts } = await invoiceRecipients(db, workspaceId, data.clientId);
  if (!slug) return [];
  const link = conversationLink(publicUrl, slug, data.projectId);
  return contacts.map((contact) => {
    const job: MessageEmailJob = {
      kind: 'message',
      workspaceId,
      eventId: event.eventId,
      to: { email: contact.email, name: contact.name },
      messageId: data.messageId,
      projectId: data.projectId,
      link,
    };
    return { jobId: emailJobId('message', event.eventId, contact.id), data: job };
  });
};

/**
 * The message of a conversation email: the text is read from the messages
 * read model when it is sent (the job in Redis holds no client's words),
 * in the workspace's branding of the moment.
 */
export async function composeMessageEmail(
  job: MessageEmailJob,
  db: Queryable,
  _now: Date,
  context: EmailComposeContext = { publicUrl: null },
): Promise<MailMessage> {
  const { rows } = await db.query(
    `SELECT m.body, m.author->>'name' AS author, p.name AS project FROM messages m
     JOIN projects p ON p.id = m.project_id AND p.workspace_id = m.workspace_id
     WHERE m.id = $1 AND m.workspace_id = $2`,
    [job.messageId, job.workspaceId],
  );
  if (!rows[0]) throw new PermanentEmailError(`message ${job.messageId} not found`);
  const branding = await loadEmailBranding(db, job.workspaceId, context.publicUrl);
  if (!branding) throw new PermanentEmailError(`workspace ${job.workspaceId} not found`);
  const rendered = renderMessageEmail({
    branding,
    recipientName: job.to.name,
    authorName: rows[0].author,
    projectName: rows[0].project,
    body: rows[0].body,
    link: job.link,
  });
  return { to: job.to, fromName: branding.companyName, category: job.kind, ...rendered };
}
