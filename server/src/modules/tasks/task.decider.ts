import type { Decider } from '../../projections/decider';
import { DomainError } from '../../projections/domain.errors';
import { bad, requireName } from '../shared/validation';
import type { TaskEvent, TaskFields, TaskStatus } from './task.events';

export const MAX_DESCRIPTION = 10_000;
export const MAX_COMMENT = 10_000;

/** A contact the service found to be a live contact of the task's client. */
export interface VerifiedAssignee {
  contactId: string;
  name: string;
}

export type TaskCommand =
  | {
      type: 'CreateTask';
      workspaceId: string;
      clientId: string;
      projectId: string;
      taskId: string;
      title: string;
      description: string | null;
      dueDate: Date | null;
      /** Checked by the service against the contacts read model; null: nobody. */
      assignee: VerifiedAssignee | null;
    }
  | {
      /** A field left undefined stays as it is; null clears it (a title cannot be cleared). */
      type: 'UpdateTask';
      title?: string | null;
      description?: string | null;
      dueDate?: Date | null;
      assignee?: VerifiedAssignee | null;
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
  a.assigneeContactId === b.assigneeContactId;

export const taskDecider: Decider<TaskState, TaskCommand, TaskEvent> = {
  initialState: () => ({
    scope: null,
    title: '',
    description: null,
    dueDate: null,
    assigneeContactId: null,
    assigneeName: null,
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
            assigneeContactId: command.assignee?.contactId ?? null,
            assigneeName: command.assignee?.name ?? null,
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
        const next: TaskFields = {
          title: command.title === undefined ? state.title : requireTitle(command.title),
          description:
            command.description === undefined ? state.description : checkDescription(command.description),
          dueDate: command.dueDate === undefined ? state.dueDate : checkDueDate(command.dueDate),
          assigneeContactId:
            command.assignee === undefined ? state.assigneeContactId : (command.assignee?.contactId ?? null),
          assigneeName:
            command.assignee === undefined ? state.assigneeName : (command.assignee?.name ?? null),
        };
        if (sameFields(next, state)) return [];
        return [
          {
            type: 'TaskUpdated',
            data: { ...scope, ...next, previousAssigneeContactId: state.assigneeContactId },
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
