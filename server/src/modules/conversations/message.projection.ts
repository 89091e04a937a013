import { defineProjection } from '../../projections/inline-projection';
import type { ConversationEvent } from './conversation.events';

/** messages: the workspace from the event's tenant, the author from its actor, the time from recordedAt. */
export const messageProjection = defineProjection<ConversationEvent>({
  name: 'messages',
  tables: ['messages'],
  handlers: {
    async MessagePosted({ data, metadata, recordedAt }, db) {
      await db.query(
        `INSERT INTO messages (id, workspace_id, client_id, project_id, body, author, posted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          data.messageId,
          metadata.tenantId,
          data.clientId,
          data.projectId,
          data.body,
          JSON.stringify(metadata.actor),
          recordedAt,
        ],
      );
    },
  },
});
