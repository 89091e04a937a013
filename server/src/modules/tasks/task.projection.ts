import { defineProjection } from '../../projections/inline-projection';
import type { TaskEvent } from './task.events';

/** tasks and task_comments; actors come from the events' metadata, times from recordedAt and the events. */
export const taskProjection = defineProjection<TaskEvent>({
  name: 'tasks',
  tables: ['tasks', 'task_comments'],
  handlers: {
    async TaskCreated({ data, metadata, recordedAt }, db) {
      await db.query(
        `INSERT INTO tasks (id, workspace_id, client_id, project_id, title, description, status, due_date,
           assignee_contact_id, shared_with_client, created_by, created_at, completed_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'TODO', $7, $8, $9, $10, $11, NULL, $11)`,
        [
          data.taskId,
          data.workspaceId,
          data.clientId,
          data.projectId,
          data.title,
          data.description,
          data.dueDate,
          data.assigneeContactId,
          data.sharedWithClient,
          JSON.stringify(metadata.actor),
          recordedAt,
        ],
      );
    },
    async TaskUpdated({ data, recordedAt }, db) {
      await db.query(
        `UPDATE tasks SET title = $2, description = $3, due_date = $4, assignee_contact_id = $5,
           shared_with_client = $6, updated_at = $7
         WHERE id = $1`,
        [
          data.taskId,
          data.title,
          data.description,
          data.dueDate,
          data.assigneeContactId,
          data.sharedWithClient,
          recordedAt,
        ],
      );
    },
    async TaskStatusChanged({ data, recordedAt }, db) {
      await db.query('UPDATE tasks SET status = $2, completed_at = $3, updated_at = $4 WHERE id = $1', [
        data.taskId,
        data.status,
        data.completedAt,
        recordedAt,
      ]);
    },
    async TaskCommented({ data, metadata, recordedAt }, db) {
      await db.query(
        `INSERT INTO task_comments (id, workspace_id, task_id, body, author, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          data.commentId,
          data.workspaceId,
          data.taskId,
          data.body,
          JSON.stringify(metadata.actor),
          recordedAt,
        ],
      );
    },
  },
});
