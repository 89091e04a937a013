/**
 * What a contact ($3 = their client) may see of tasks (t and c of
 * TASK_SELECT): only tasks shared with the client, and of those as the
 * workspace's setting and the task's current assignee allow. Members ($3
 * null) see every task. The timeline reads its TASK entries by the same rule
 * (timeline.service.ts).
 */
export const CONTACT_TASK_FILTER = `($3::uuid IS NULL OR (t.shared_with_client AND EXISTS (
  SELECT 1 FROM workspaces w WHERE w.id = t.workspace_id
  AND (w.task_visibility = 'ALL' OR (w.task_visibility = 'ASSIGNED' AND c.client_id = $3)))))`;
