import type { Decider } from '../../projections/decider';
import { DomainError } from '../../projections/domain.errors';
import { bad, requireName } from '../shared/validation';
import type { TaskVisibility } from '../workspaces/workspace.events';
import type { TaskEvent, TaskFields, TaskStatus } from './task.events';

export const MAX_DESCRIPTION = 10_000;
export const MAX_COMMENT = 10_000;
const ASSIGNEE_FIELD = 'input.assigneeContactId';
const SHARING_FIELD = 'input.sharedWithClient';

/** A contact the service found to be a live contact of the task's client. */
export interface VerifiedAssignee {
  contactId: string;
  name: string;
}

/** Who gives a command, as far as the rules of tasks care; the service finds it out. */
export type TaskCommander =
  | { kind: 'MEMBER' }
  | {
      kind: 'CONTACT';
      /** The contact themself, as an assignee. */
      self: VerifiedAssignee;
      /** The workspace's task visibility when the command is given (never OFF: the service refuses first). */
      visibility: TaskVisibility;
    };

export type TaskCommand =
  | {
      type: 'CreateTask';
      by: TaskCommander;
      workspaceId: string;
      clientId: string;
      projectId: string;
      taskId: string;
      title: string;
      description: string | null;
      dueDate: Date | null;
      /** Checked by the service against the contacts read model; null: nobody. */
      assignee: VerifiedAssignee | null;
      /** Members only; left out (or null): shared. */
      sharedWithClient?: boolean | null;
    }
  | {
      /** A field left undefined stays as it is; null clears it (a title cannot be cleared). */
      type: 'UpdateTask';
      by: TaskCommander;
      title?: string | null;
      description?: string | null;
      dueDate?: Date | null;
      assignee?: VerifiedAssignee | null;
      /** Members only; a flag cannot be cleared. */
      sharedWithClient?: boolean | null;
    }
  | { type: 'SetTaskStatus'; status: TaskStatus }
  | { type: 'CommentOnTask'; commentId: string; body: string };

export interface TaskState extends TaskFields {
  scope: { workspaceId: string; clientId: string; projectId: string; taskId: string } | null;
  status: TaskStatus;
}

function requireTitle(value: string | null): string {
  if (value === null) throw bad('input.title', 'must not be empty');
  return requireName(value, 'input.title');
}

/** Trimmed; empty is no description. */
function checkDescription(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed.length > MAX_DESCRIPTION)
    throw bad('input.description', `must be at most ${MAX_DESCRIPTION} characters (got ${trimmed.length})`);
  return trimmed.length ? trimmed : null;
}

function checkDueDate(value: Date | null): string | null {
  if (value === null) return null;
  if (Number.isNaN(value.getTime())) throw bad('input.dueDate', 'not a date');
  return value.toISOString();
}

/**
 * Under ASSIGNED a contact sees only the tasks assigned to their client's
 * people: a task they create with no assignee is theirs, so they can follow it.
 */
function createdAssignee(by: TaskCommander, given: VerifiedAssignee | null): VerifiedAssignee | null {
  if (given !== null) return given;
  return by.kind === 'CONTACT' && by.visibility === 'ASSIGNED' ? by.self : null;
}

/** Under ASSIGNED a contact cannot unassign a task: it would vanish from their client. */
function updatedAssignee(
  by: TaskCommander,
  given: VerifiedAssignee | null | undefined,
): VerifiedAssignee | null | undefined {
  if (given === null && by.kind === 'CONTACT' && by.visibility === 'ASSIGNED')
    throw bad(
      ASSIGNEE_FIELD,
      "must stay one of your client's contacts: this workspace shows clients only the tasks assigned to them",
    );
  return given;
}

/**
 * Only members decide what the client sees: a contact naming the flag is
 * refused, so nothing a contact makes is internal. undefined: not given.
 */
function checkSharing(by: TaskCommander, value: boolean | null | undefined): boolean | null | undefined {
  if (value !== undefined && by.kind !== 'MEMBER')
    throw new DomainError('FORBIDDEN', `${SHARING_FIELD}: only members may set it`, SHARING_FIELD);
  return value;
}

function checkBody(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw bad('body', 'must not be empty');
  if (trimmed.length > MAX_COMMENT)
    throw bad('body', `must be at most ${MAX_COMMENT} characters (got ${trimmed.length})`);
  return trimmed;
}

const sameFields = (a: TaskFields, b: TaskFields) =>
  a.title === b.title &&
  a.description === b.description &&
  a.dueDate === b.dueDate &&
  a.assigneeContactId === b.assigneeContactId &&
  a.sharedWithClient === b.sharedWithClient;

export const taskDecider: Decider<TaskState, TaskCommand, TaskEvent> = {
  initialState: () => ({
    scope: null,
    title: '',
    description: null,
    dueDate: null,
    assigneeContactId: null,
    assigneeName: null,
    sharedWithClient: true,
    status: 'TODO',
  }),

  evolve(state, event) {
    switch (event.type) {
      case 'TaskCreated':
      case 'TaskUpdated': {
        const d = event.data;
        return {
          ...state,
          scope: {
            workspaceId: d.workspaceId,
            clientId: d.clientId,
            projectId: d.projectId,
            taskId: d.taskId,
          },
          title: d.title,
          description: d.description,
          dueDate: d.dueDate,
          assigneeContactId: d.assigneeContactId,
          assigneeName: d.assigneeName,
          sharedWithClient: d.sharedWithClient,
        };
      }
      case 'TaskStatusChanged':
        return { ...state, status: event.data.status };
      case 'TaskCommented':
        return state;
    }
  },

  decide(command, state, { now }) {
    if (command.type === 'CreateTask') {
      if (state.scope) throw new DomainError('CONFLICT', 'this task exists already');
      // Left out, a member's task is shared whatever the visibility: the workspace's
      // setting stays the one switch for what clients see until a member keeps a task internal.
      const sharedWithClient = checkSharing(command.by, command.sharedWithClient) ?? true;
      const assignee = createdAssignee(command.by, command.assignee);
      return [
        {
          type: 'TaskCreated',
          data: {
            workspaceId: command.workspaceId,
            clientId: command.clientId,
            projectId: command.projectId,
            taskId: command.taskId,
            title: requireTitle(command.title),
            description: checkDescription(command.description),
            dueDate: checkDueDate(command.dueDate),
            assigneeContactId: assignee?.contactId ?? null,
            assigneeName: assignee?.name ?? null,
            sharedWithClient,
            createdAt: now.toISOString(),
          },
        },
      ];
    }
    const scope = state.scope;
    if (!scope) {
      throw new DomainError(
        'NOT_FOUND',
        'task not found',
        command.type === 'CommentOnTask' ? 'taskId' : 'id',
      );
    }
    switch (command.type) {
      case 'UpdateTask': {
        const sharing = checkSharing(command.by, command.sharedWithClient);
        if (sharing === null) throw bad(SHARING_FIELD, 'must be true or false');
        const assignee = updatedAssignee(command.by, command.assignee);
        const next: TaskFields = {
          title: command.title === undefined ? state.title : requireTitle(command.title),
          description:
            command.description === undefined ? state.description : checkDescription(command.description),
          dueDate: command.dueDate === undefined ? state.dueDate : checkDueDate(command.dueDate),
          assigneeContactId: assignee === undefined ? state.assigneeContactId : (assignee?.contactId ?? null),
          assigneeName: assignee === undefined ? state.assigneeName : (assignee?.name ?? null),
          sharedWithClient: sharing ?? state.sharedWithClient,
        };
        if (sameFields(next, state)) return [];
        return [
          {
            type: 'TaskUpdated',
            data: {
              ...scope,
              ...next,
              previousAssigneeContactId: state.assigneeContactId,
              previousSharedWithClient: state.sharedWithClient,
            },
          },
        ];
      }
      case 'SetTaskStatus':
        return command.status === state.status
          ? []
          : [
              {
                type: 'TaskStatusChanged',
                data: {
                  ...scope,
                  title: state.title,
                  status: command.status,
                  previousStatus: state.status,
                  completedAt: command.status === 'DONE' ? now.toISOString() : null,
                },
              },
            ];
      case 'CommentOnTask':
        return [
          {
            type: 'TaskCommented',
            data: {
              ...scope,
              title: state.title,
              commentId: command.commentId,
              body: checkBody(command.body),
            },
          },
        ];
    }
  },
};
