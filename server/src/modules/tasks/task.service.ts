import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { actorOf, type Viewer } from '../../auth/viewer';
import type { CommandHandler } from '../../projections/command-handler';
import { DomainError } from '../../projections/domain.errors';
import { bad, isUuid } from '../shared/validation';
import { taskDecider, type TaskCommand, type TaskCommander, type VerifiedAssignee } from './task.decider';
import { taskStreamId, type TaskStatus } from './task.events';
import type { Task, TaskComment } from './task.type';
import { CONTACT_TASK_FILTER } from './task.visibility';

/** A task with its assignee's current name (null when nobody is assigned); add WHERE on `t`. */
export const TASK_SELECT = `SELECT t.id, t.workspace_id AS "workspaceId", t.client_id AS "clientId", t.project_id AS "projectId",
  t.title, t.description, t.status, t.due_date AS "dueDate", t.shared_with_client AS "sharedWithClient",
  CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('kind', 'CONTACT', 'id', c.id, 'name', c.name) END AS assignee,
  t.created_by AS "createdBy", t.created_at AS "createdAt", t.completed_at AS "completedAt"
  FROM tasks t LEFT JOIN contacts c ON c.id = t.assignee_contact_id AND c.workspace_id = t.workspace_id`;

export const TASK_COMMENT_COLUMNS = `id, task_id AS "taskId", body, author, created_at AS "createdAt"`;

export interface CreateTaskFields {
  projectId: string;
  title: string;
  description?: string | null;
  dueDate?: Date | null;
  assigneeContactId?: string | null;
  sharedWithClient?: boolean | null;
}

export interface UpdateTaskFields {
  title?: string | null;
  description?: string | null;
  dueDate?: Date | null;
  assigneeContactId?: string | null;
  sharedWithClient?: boolean | null;
}

const ASSIGNEE_FIELD = 'input.assigneeContactId';

const contactClient = (viewer: Viewer) => (viewer.kind === 'CONTACT' ? viewer.clientId : null);

/**
 * Tasks of the viewer's workspace's projects: members do everything; contacts
 * see and change them as the workspace's task settings allow.
 */
export class TaskService {
  constructor(
    private readonly pool: Pool,
    private readonly commands: CommandHandler,
  ) {}

  /**
   * null when it does not exist or the viewer may not see it: contacts see the
   * shared tasks of their client's active projects as the workspace's task
   * setting allows; an internal task is NOT_FOUND to them in every command.
   */
  async byId(viewer: Viewer, taskId: string): Promise<Task | null> {
    if (!isUuid(taskId)) return null;
    const { rows } = await this.pool.query(
      `${TASK_SELECT} WHERE t.id = $1 AND t.workspace_id = $2 AND ${CONTACT_TASK_FILTER}
         AND ($3::uuid IS NULL OR (t.client_id = $3 AND EXISTS (SELECT 1 FROM projects p WHERE p.id = t.project_id AND p.status = 'ACTIVE')))`,
      [taskId, viewer.workspaceId, contactClient(viewer)],
    );
    return rows[0] ?? null;
  }

  /**
   * Members may always; a contact only as the workspace's task settings allow,
   * and never while the workspace shows clients no tasks (they could not see
   * what they made). Answers who gives the command, for the decider.
   */
  private async permit(
    viewer: Viewer,
    what: 'clients_can_create' | 'clients_can_edit' | 'clients_can_comment',
  ): Promise<TaskCommander> {
    if (viewer.kind === 'MEMBER') return { kind: 'MEMBER' };
    const { rows } = await this.pool.query(
      `SELECT w.${what} AS allowed, w.task_visibility AS visibility, c.name
       FROM workspaces w JOIN contacts c ON c.id = $2 AND c.workspace_id = w.id WHERE w.id = $1`,
      [viewer.workspaceId, viewer.contactId],
    );
    const row = rows[0];
    const verb = {
      clients_can_create: 'create',
      clients_can_edit: 'edit',
      clients_can_comment: 'comment on',
    }[what];
    if (!row || row.visibility === 'OFF')
      throw new DomainError(
        'FORBIDDEN',
        `this workspace shows clients no tasks, so they cannot ${verb} them`,
      );
    if (!row.allowed) throw new DomainError('FORBIDDEN', `this workspace does not let clients ${verb} tasks`);
    return {
      kind: 'CONTACT',
      self: { contactId: viewer.contactId, name: row.name },
      visibility: row.visibility,
    };
  }

  private async require(viewer: Viewer, taskId: string, field: string): Promise<Task> {
    const task = await this.byId(viewer, taskId);
    if (!task) throw new DomainError('NOT_FOUND', 'task not found', field);
    return task;
  }

  /** A live contact of the client, or BAD_USER_INPUT. */
  private async assignee(viewer: Viewer, clientId: string, contactId: string): Promise<VerifiedAssignee> {
    const { rows } = isUuid(contactId)
      ? await this.pool.query(
          'SELECT id, name FROM contacts WHERE id = $1 AND workspace_id = $2 AND client_id = $3 AND NOT removed',
          [contactId, viewer.workspaceId, clientId],
        )
      : { rows: [] };
    if (!rows[0]) throw bad(ASSIGNEE_FIELD, "must be a contact of the project's client");
    return { contactId: rows[0].id, name: rows[0].name };
  }

  private async run(viewer: Viewer, taskId: string, command: TaskCommand, requestId: string) {
    await this.commands.handle(taskStreamId(taskId), taskDecider, command, {
      actor: actorOf(viewer),
      correlationId: requestId,
      tenantId: viewer.workspaceId,
    });
  }

  async create(viewer: Viewer, input: CreateTaskFields, requestId: string): Promise<Task> {
    const { rows } = isUuid(input.projectId)
      ? await this.pool.query(
          `SELECT id, client_id FROM projects WHERE id = $1 AND workspace_id = $2
             AND ($3::uuid IS NULL OR (client_id = $3 AND status = 'ACTIVE'))`,
          [input.projectId, viewer.workspaceId, contactClient(viewer)],
        )
      : { rows: [] };
    const project = rows[0];
    if (!project) throw new DomainError('NOT_FOUND', 'project not found', 'input.projectId');
    const by = await this.permit(viewer, 'clients_can_create');
    const assignee =
      input.assigneeContactId == null
        ? null
        : await this.assignee(viewer, project.client_id, input.assigneeContactId);
    const taskId = randomUUID();
    await this.run(
      viewer,
      taskId,
      {
        type: 'CreateTask',
        by,
        workspaceId: viewer.workspaceId,
        clientId: project.client_id,
        projectId: project.id,
        taskId,
        title: input.title,
        description: input.description ?? null,
        dueDate: input.dueDate ?? null,
        assignee,
        sharedWithClient: input.sharedWithClient,
      },
      requestId,
    );
    return (await this.byId(viewer, taskId))!;
  }

  async update(viewer: Viewer, taskId: string, input: UpdateTaskFields, requestId: string): Promise<Task> {
    const task = await this.require(viewer, taskId, 'id');
    const by = await this.permit(viewer, 'clients_can_edit');
    const assignee =
      input.assigneeContactId === undefined
        ? undefined
        : input.assigneeContactId === null
          ? null
          : await this.assignee(viewer, task.clientId, input.assigneeContactId);
    await this.run(
      viewer,
      taskId,
      {
        type: 'UpdateTask',
        by,
        title: input.title,
        description: input.description,
        dueDate: input.dueDate,
        assignee,
        sharedWithClient: input.sharedWithClient,
      },
      requestId,
    );
    return (await this.byId(viewer, taskId))!;
  }

  async setStatus(viewer: Viewer, taskId: string, status: TaskStatus, requestId: string): Promise<Task> {
    await this.require(viewer, taskId, 'id');
    await this.permit(viewer, 'clients_can_edit');
    await this.run(viewer, taskId, { type: 'SetTaskStatus', status }, requestId);
    return (await this.byId(viewer, taskId))!;
  }

  async comment(viewer: Viewer, taskId: string, body: string, requestId: string): Promise<TaskComment> {
    await this.require(viewer, taskId, 'taskId');
    await this.permit(viewer, 'clients_can_comment');
    const commentId = randomUUID();
    await this.run(viewer, taskId, { type: 'CommentOnTask', commentId, body }, requestId);
    const { rows } = await this.pool.query(
      `SELECT ${TASK_COMMENT_COLUMNS} FROM task_comments WHERE id = $1 AND workspace_id = $2`,
      [commentId, viewer.workspaceId],
    );
    return rows[0];
  }
}
