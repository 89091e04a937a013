import { defineProjection } from '../../projections/inline-projection';
import type { ProjectEvent } from './project.events';

export const projectProjection = defineProjection<ProjectEvent>({
  name: 'projects',
  tables: ['projects'],
  handlers: {
    async ProjectCreated({ data, recordedAt }, db) {
      await db.query(
        `INSERT INTO projects (id, workspace_id, client_id, name, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'ACTIVE', $5, $5)`,
        [data.projectId, data.workspaceId, data.clientId, data.name, recordedAt],
      );
    },
    async ProjectRenamed({ data, recordedAt }, db) {
      await db.query('UPDATE projects SET name = $2, updated_at = $3 WHERE id = $1', [
        data.projectId,
        data.name,
        recordedAt,
      ]);
    },
    async ProjectStatusChanged({ data, recordedAt }, db) {
      await db.query('UPDATE projects SET status = $2, updated_at = $3 WHERE id = $1', [
        data.projectId,
        data.status,
        recordedAt,
      ]);
    },
  },
});
