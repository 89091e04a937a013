import { defineProjection } from '../../projections/inline-projection';
import type { DocumentEvent } from './document.events';

/** documents: a removed one stays, marked removed. */
export const documentProjection = defineProjection<DocumentEvent>({
  name: 'documents',
  tables: ['documents'],
  handlers: {
    async LinkShared({ data, metadata, recordedAt }, db) {
      await db.query(
        `INSERT INTO documents (id, workspace_id, client_id, project_id, kind, name, url, content_type, size,
           storage_key, shared_by, shared_at, removed)
         VALUES ($1, $2, $3, $4, 'LINK', $5, $6, NULL, NULL, NULL, $7, $8, false)`,
        [
          data.documentId,
          data.workspaceId,
          data.clientId,
          data.projectId,
          data.title,
          data.url,
          JSON.stringify(metadata.actor),
          recordedAt,
        ],
      );
    },
    async DocumentRemoved({ data }, db) {
      await db.query('UPDATE documents SET removed = true WHERE id = $1', [data.documentId]);
    },
  },
});
