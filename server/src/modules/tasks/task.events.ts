import type { DomainEvent } from '../../event-store/event.types';

export type TaskStatus = 'TODO' | 'IN_PROGRESS' | 'DONE';

type TaskScoped<T> = { workspaceId: string; clientId: string; projectId: string; taskId: string } & T;

/** What a task says, in full, after a create or an update. */
export interface TaskFields {
  title: string;
  description: string | null;
  /** ISO 8601. */
  dueDate: string | null;
  assigneeContactId: string | null;
  /** The assignee's name when assigned, for the timeline's summary. */
  assigneeName: string | null;
  /**
   * false: internal, the members' alone. true: the client's contacts see it as
   * the workspace's task settings allow. Since schema version 2; older events
   * are upcast as shared (task.upcasters.ts).
   */
  sharedWithClient: boolean;
}

export type TaskCreated = DomainEvent<'TaskCreated', TaskScoped<TaskFields & { createdAt: string }>>;
/** The full new fields; the previous assignee and sharing tell what changed. */
export type TaskUpdated = DomainEvent<
  'TaskUpdated',
  TaskScoped<TaskFields & { previousAssigneeContactId: string | null; previousSharedWithClient: boolean }>
>;
export type TaskStatusChanged = DomainEvent<
  'TaskStatusChanged',
  TaskScoped<{ title: string; status: TaskStatus; previousStatus: TaskStatus; completedAt: string | null }>
>;
export type TaskCommented = DomainEvent<
  'TaskCommented',
  TaskScoped<{ title: string; commentId: string; body: string }>
>;

export type TaskEvent = TaskCreated | TaskUpdated | TaskStatusChanged | TaskCommented;

export const TASK_EVENT_TYPES: readonly TaskEvent['type'][] = [
  'TaskCreated',
  'TaskUpdated',
  'TaskStatusChanged',
  'TaskCommented',
];

export const taskStreamId = (taskId: string) => `task-${taskId}`;
