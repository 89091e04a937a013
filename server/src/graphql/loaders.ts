import DataLoader from 'dataloader';
import type { Queryable } from '../db/queryable';
import { preparedQuery } from '../db/prepared';
import type { Viewer } from '../auth/viewer';
import { CONTACT_INVOICE_FILTER } from './invoice-visibility';
import { INVOICE_COLUMNS } from '../modules/invoices/invoice.service';
import type { Invoice, Payment } from '../modules/invoices/invoice.type';
import { CLIENT_COLUMNS, CONTACT_COLUMNS } from '../modules/clients/client.service';
import type { Client, Contact } from '../modules/clients/client.type';
import { DOCUMENT_COLUMNS } from '../modules/documents/document.service';
import type { Document } from '../modules/documents/document.type';
import { PROJECT_COLUMNS } from '../modules/projects/project.service';
import type { Project } from '../modules/projects/project.type';
import { TASK_COMMENT_COLUMNS, TASK_SELECT } from '../modules/tasks/task.service';
import type { Task, TaskComment } from '../modules/tasks/task.type';
import { CONTACT_TASK_FILTER } from '../modules/tasks/task.visibility';
import type { TimelinePageRequest, TimelineService } from '../modules/timeline/timeline.service';
import type { TimelineConnection } from '../modules/timeline/timeline.type';

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

/**
 * Per-request batching: a list that resolves a field per item costs one
 * statement per field, not one per item. Every loader is bound to the
 * viewer's workspace, and for a contact to their client ($3), so a foreign id
 * finds nothing.
 */
export function createLoaders(pool: Queryable, viewer: Viewer | null, timeline: TimelineService) {
  const workspaceId = viewer?.workspaceId ?? null;
  const clientId = viewer?.kind === 'CONTACT' ? viewer.clientId : null;
  return {
    clientById: new DataLoader<string, Client | null>(async (ids) => {
      const { rows } = await preparedQuery<Client>(
        pool,
        `SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = ANY($1::uuid[]) AND workspace_id = $2 AND ($3::uuid IS NULL OR id = $3)`,
        [ids, workspaceId, clientId],
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    contactsByClientId: new DataLoader<string, Contact[]>(async (clientIds) => {
      const { rows } = await preparedQuery<Contact>(
        pool,
        `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE client_id = ANY($1::uuid[]) AND workspace_id = $2 AND NOT removed
           AND ($3::uuid IS NULL OR client_id = $3)
         ORDER BY sort_key`,
        [clientIds, workspaceId, clientId],
      );
      const groups = groupBy(rows, (row) => row.clientId);
      return clientIds.map((id) => groups.get(id) ?? []);
    }),
    /** Members: every project of the client. Contacts: the client's ACTIVE projects. */
    projectsByClient: new DataLoader<string, Project[]>(async (clientIds) => {
      const { rows } = await preparedQuery<Project>(
        pool,
        `SELECT ${PROJECT_COLUMNS} FROM projects WHERE client_id = ANY($1::uuid[]) AND workspace_id = $2
           AND ($3::uuid IS NULL OR (client_id = $3 AND status = 'ACTIVE'))
         ORDER BY created_at, id`,
        [clientIds, workspaceId, clientId],
      );
      const groups = groupBy(rows, (row) => row.clientId);
      return clientIds.map((id) => groups.get(id) ?? []);
    }),
    /** A project's tasks, oldest first. */
    tasksByProjectId: new DataLoader<string, Task[]>(async (projectIds) => {
      const { rows } = await preparedQuery<Task>(
        pool,
        `${TASK_SELECT} WHERE t.project_id = ANY($1::uuid[]) AND t.workspace_id = $2 AND ${CONTACT_TASK_FILTER}
         ORDER BY t.created_at, t.id`,
        [projectIds, workspaceId, clientId],
      );
      const groups = groupBy(rows, (row) => row.projectId);
      return projectIds.map((id) => groups.get(id) ?? []);
    }),
    /** A task's comments, oldest first; for a contact, only those of a task they may see. */
    commentsByTaskId: new DataLoader<string, TaskComment[]>(async (taskIds) => {
      const { rows } = await preparedQuery<TaskComment>(
        pool,
        `SELECT ${TASK_COMMENT_COLUMNS} FROM task_comments m WHERE m.task_id = ANY($1::uuid[]) AND m.workspace_id = $2
           AND EXISTS (SELECT 1 FROM tasks t LEFT JOIN contacts c ON c.id = t.assignee_contact_id AND c.workspace_id = t.workspace_id
             WHERE t.id = m.task_id AND ${CONTACT_TASK_FILTER})
         ORDER BY created_at, id`,
        [taskIds, workspaceId, clientId],
      );
      const groups = groupBy(rows, (row) => row.taskId);
      return taskIds.map((id) => groups.get(id) ?? []);
    }),
    /** A project's documents still shared, newest first. */
    documentsByProjectId: new DataLoader<string, Document[]>(async (projectIds) => {
      const { rows } = await preparedQuery<Document>(
        pool,
        `SELECT ${DOCUMENT_COLUMNS} FROM documents
         WHERE project_id = ANY($1::uuid[]) AND workspace_id = $2 AND NOT removed AND ($3::uuid IS NULL OR client_id = $3)
         ORDER BY shared_at DESC, id DESC`,
        [projectIds, workspaceId, clientId],
      );
      const groups = groupBy(rows, (row) => row.projectId);
      return projectIds.map((id) => groups.get(id) ?? []);
    }),
    projectById: new DataLoader<string, Project | null>(async (ids) => {
      const { rows } = await preparedQuery<Project>(
        pool,
        `SELECT ${PROJECT_COLUMNS} FROM projects WHERE id = ANY($1::uuid[]) AND workspace_id = $2
           AND ($3::uuid IS NULL OR (client_id = $3 AND status = 'ACTIVE'))`,
        [ids, workspaceId, clientId],
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** A project's invoices, oldest first. */
    invoicesByProjectId: new DataLoader<string, Invoice[]>(async (projectIds) => {
      const { rows } = await preparedQuery<Invoice>(
        pool,
        `SELECT ${INVOICE_COLUMNS} FROM invoices WHERE project_id = ANY($1::uuid[]) AND workspace_id = $2
           AND ($3::uuid IS NULL OR client_id = $3) AND ${CONTACT_INVOICE_FILTER}
         ORDER BY created_at, id`,
        [projectIds, workspaceId, clientId],
      );
      const groups = groupBy(rows, (row) => row.projectId);
      return projectIds.map((id) => groups.get(id) ?? []);
    }),
    paymentsByInvoiceId: new DataLoader<string, Payment[]>(async (invoiceIds) => {
      const { rows } = await preparedQuery<Payment>(
        pool,
        `SELECT id, invoice_id AS "invoiceId", amount::int, method, received_at AS "receivedAt" FROM invoice_payments
         WHERE invoice_id = ANY($1::uuid[]) AND workspace_id = $2 ORDER BY received_at, id`,
        [invoiceIds, workspaceId],
      );
      const groups = groupBy(rows, (row) => row.invoiceId);
      return invoiceIds.map((id) => groups.get(id) ?? []);
    }),
    timeline: new DataLoader<TimelinePageRequest, TimelineConnection, string>(
      (requests) => timeline.pages(requests, clientId),
      {
        cacheKeyFn: (request) => JSON.stringify(request),
      },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
