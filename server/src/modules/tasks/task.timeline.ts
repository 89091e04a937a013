import { quoted, type Describe, type TimelineEntryDraft } from '../timeline/timeline-entry.types';
import type { TaskEvent, TaskStatus, TaskUpdated } from './task.events';

/** What a status change reads as, after the actor's name. */
function taskStatusPhrase(title: string, status: TaskStatus, previous: TaskStatus): string {
  if (status === 'DONE') return `completed ${quoted(title)}`;
  if (previous === 'DONE' && status === 'TODO') return `reopened ${quoted(title)}`;
  if (status === 'IN_PROGRESS') return `moved ${quoted(title)} to in progress`;
  return `moved ${quoted(title)} back to to do`;
}

/** What an update reads as, after the actor's name: the assignee's change first, then the sharing's. */
function taskUpdatePhrase(d: TaskUpdated['data']): string {
  if (d.assigneeContactId !== d.previousAssigneeContactId)
    return d.assigneeName !== null
      ? `assigned ${quoted(d.title)} to ${d.assigneeName}`
      : `unassigned ${quoted(d.title)}`;
  if (d.sharedWithClient !== d.previousSharedWithClient)
    return d.sharedWithClient
      ? `shared ${quoted(d.title)} with the client`
      : `made ${quoted(d.title)} internal`;
  return `updated ${quoted(d.title)}`;
}

type TaskScope = { projectId: string; taskId: string };
const taskEntry = (d: TaskScope, summary: string): TimelineEntryDraft => ({
  projectId: d.projectId,
  taskId: d.taskId,
  audience: 'TASK',
  summary,
});

/**
 * Task entries are read as the task settings and the task's sharing and
 * assignee of the moment allow (audience TASK): an internal task's entries
 * are the members' until it is shared.
 */
export const taskDescribers: Describe<TaskEvent> = {
  TaskCreated: (d, actor) =>
    taskEntry(
      d,
      d.assigneeName !== null
        ? `${actor} assigned ${quoted(d.title)} to ${d.assigneeName}`
        : `${actor} created the task ${quoted(d.title)}`,
    ),
  TaskUpdated: (d, actor) => taskEntry(d, `${actor} ${taskUpdatePhrase(d)}`),
  TaskStatusChanged: (d, actor) =>
    taskEntry(d, `${actor} ${taskStatusPhrase(d.title, d.status, d.previousStatus)}`),
  TaskCommented: (d, actor) => taskEntry(d, `${actor} commented on ${quoted(d.title)}`),
};
