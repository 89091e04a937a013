/**
 * What a contact ($3 = their client) may see of tasks: by the workspace's
 * setting and the task's current assignee (t and c of TASK_SELECT).
 */
export const CONTACT_TASK_FILTER = `($3::uuid IS NULL OR EXISTS (
  SELECT 1 FROM workspaces w WHERE w.id = t.workspace_id
  AND (w.task_visibility = 'ALL' OR (w.task_visibility = 'ASSIGNED' AND c.client_id = $3))))`;
