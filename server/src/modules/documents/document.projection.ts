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
    async DocumentUploaded({ data, metadata, recordedAt }, db) {
      await db.query(
        `INSERT INTO documents (id, workspace_id, client_id, project_id, kind, name, url, content_type, size,
           storage_key, shared_by, shared_at, removed)
         VALUES ($1, $2, $3, $4, 'FILE', $5, NULL, $6, $7, $8, $9, $10, false)`,
        [
          data.documentId,
          data.workspaceId,
          data.clientId,
          data.projectId,
          data.fileName,
          data.contentType,
          data.size,
          data.storageKey,
          JSON.stringify(metadata.actor),
          recordedAt,
        ],
      );
    },
    // removed_at: when a file's object becomes due for the purge (30 days on).
    async DocumentRemoved({ data, recordedAt }, db) {
      await db.query('UPDATE documents SET removed = true, removed_at = $2 WHERE id = $1', [
        data.documentId,
        recordedAt,
      ]);
    },
  },
});
