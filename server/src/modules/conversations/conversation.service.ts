import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { Queryable } from '../../db/queryable';
import { actorOf, type Viewer } from '../../auth/viewer';
import type { CommandHandler } from '../../projections/command-handler';
import { DomainError } from '../../projections/domain.errors';
import { decodeKeyset, pageOf, requireFirst } from '../shared/keyset-cursor';
import { isUuid } from '../shared/validation';
import { conversationDecider, type ConversationCommand } from './conversation.decider';
import { conversationStreamId } from './conversation.events';
import type { Message, MessageConnection } from './message.type';

const MESSAGE_COLUMNS = `m.id, m.body, m.author, m.posted_at AS "postedAt"`;

/** The project's client if the viewer may post in it now; the rows read are share-locked until the command ends. */
async function lockedClientOf(db: PoolClient, viewer: Viewer, projectId: string): Promise<string | null> {
  if (!isUuid(projectId)) return null;
  if (viewer.kind === 'MEMBER') {
    const { rows } = await db.query(
      'SELECT client_id FROM projects WHERE id = $1 AND workspace_id = $2 FOR SHARE',
      [projectId, viewer.workspaceId],
    );
    return rows[0]?.client_id ?? null;
  }
  // A contact: their client's active project, the client not archived, the contact not removed,
  // the portal on. Archiving, removing or turning the portal off waits for this post, or refuses it.
  const { rows } = await db.query(
    `SELECT p.client_id FROM projects p
     JOIN clients cl ON cl.id = p.client_id
     JOIN contacts c ON c.id = $4 AND c.client_id = p.client_id
     JOIN workspaces w ON w.id = p.workspace_id
     WHERE p.id = $1 AND p.workspace_id = $2 AND p.client_id = $3 AND p.status = 'ACTIVE'
       AND NOT cl.archived AND NOT c.removed AND w.portal_enabled
     FOR SHARE OF p, cl, c, w`,
    [projectId, viewer.workspaceId, viewer.clientId, viewer.contactId],
  );
  return rows[0]?.client_id ?? null;
}

/**
 * A project's conversation between the workspace's members and its client's
 * contacts: who may see the project may read and post.
 */
export class ConversationService {
  constructor(
    private readonly pool: Queryable,
    private readonly commands: CommandHandler,
  ) {}

  async post(viewer: Viewer, projectId: string, body: string, requestId: string): Promise<Message> {
    const messageId = randomUUID();
    const command: ConversationCommand = { type: 'PostMessage', messageId, projectId, clientId: '', body };
    await this.commands.handle(
      conversationStreamId(projectId),
      conversationDecider,
      command,
      { actor: actorOf(viewer), correlationId: requestId, tenantId: viewer.workspaceId },
      {
        // Facts that need no past: posters of one conversation wait for each other's row lock, never conflict.
        anyVersion: true,
        prepare: async (db, cmd) => {
          const clientId = await lockedClientOf(db, viewer, projectId);
          if (!clientId) throw new DomainError('NOT_FOUND', 'project not found', 'projectId');
          return { ...cmd, clientId };
        },
      },
    );
    const { rows } = await this.pool.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.id = $1 AND m.workspace_id = $2`,
      [messageId, viewer.workspaceId],
    );
    return rows[0];
  }

  /**
   * A new message as the viewer may read it now (a live update), or null:
   * not in this project, or the project is no longer the viewer's to see, by
   * the rule of page() (contacts: their client's active projects).
   */
  async liveMessage(viewer: Viewer, projectId: string, messageId: string): Promise<Message | null> {
    if (!isUuid(messageId) || !isUuid(projectId)) return null;
    const { rows } = await this.pool.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m
       WHERE m.id = $1 AND m.project_id = $2 AND m.workspace_id = $3
         AND ($4::uuid IS NULL OR (m.client_id = $4 AND EXISTS (
           SELECT 1 FROM projects p WHERE p.id = m.project_id AND p.workspace_id = m.workspace_id AND p.status = 'ACTIVE')))`,
      [messageId, projectId, viewer.workspaceId, viewer.kind === 'CONTACT' ? viewer.clientId : null],
    );
    return rows[0] ?? null;
  }

  /**
   * A project's messages, newest first, by keyset on (posted_at, id). Empty
   * for a project the viewer may not see (contacts: their client's active projects).
   */
  async page(
    viewer: Viewer,
    projectId: string,
    args: { first: number; after: string | null },
  ): Promise<MessageConnection> {
    const first = requireFirst(args.first);
    const [postedAt, id] = args.after ? decodeKeyset(args.after, 2) : [null, null];
    const { rows } = await this.pool.query(
      `SELECT ${MESSAGE_COLUMNS}, m.posted_at::text AS sort_at FROM messages m
       WHERE m.project_id = $1 AND m.workspace_id = $2
         AND ($3::uuid IS NULL OR (m.client_id = $3 AND EXISTS (
           SELECT 1 FROM projects p WHERE p.id = m.project_id AND p.workspace_id = m.workspace_id AND p.status = 'ACTIVE')))
         AND ($4::timestamptz IS NULL OR (m.posted_at, m.id::text) < ($4, $5))
       ORDER BY m.posted_at DESC, m.id::text DESC LIMIT $6`,
      [
        isUuid(projectId) ? projectId : null,
        viewer.workspaceId,
        viewer.kind === 'CONTACT' ? viewer.clientId : null,
        postedAt,
        id,
        first + 1,
      ],
    );
    // The cursor keeps posted_at as PostgreSQL's text: microseconds a Date would lose.
    return pageOf(
      rows,
      first,
      (row) => [row.sort_at, row.id],
      ({ sort_at: _s, ...message }) => message,
    );
  }
}
