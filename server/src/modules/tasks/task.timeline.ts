import { quoted, type Describe, type TimelineEntryDraft } from '../timeline/timeline-entry.types';
import type { TaskEvent, TaskStatus } from './task.events';

/** What a status change reads as, after the actor's name. */
function taskStatusPhrase(title: string, status: TaskStatus, previous: TaskStatus): string {
  if (status === 'DONE') return `completed ${quoted(title)}`;
  if (previous === 'DONE' && status === 'TODO') return `reopened ${quoted(title)}`;
  if (status === 'IN_PROGRESS') return `moved ${quoted(title)} to in progress`;
  return `moved ${quoted(title)} back to to do`;
}

type TaskScope = { projectId: string; taskId: string };
const taskEntry = (d: TaskScope, summary: string): TimelineEntryDraft => ({
  projectId: d.projectId,
  taskId: d.taskId,
  audience: 'TASK',
  summary,
});

/** Task entries are read as the task settings of the moment allow (audience TASK). */
export const taskDescribers: Describe<TaskEvent> = {
  TaskCreated: (d, actor) =>
    taskEntry(
      d,
      d.assigneeName !== null
        ? `${actor} assigned ${quoted(d.title)} to ${d.assigneeName}`
        : `${actor} created the task ${quoted(d.title)}`,
    ),
  TaskUpdated: (d, actor) =>
    taskEntry(
      d,
      d.assigneeContactId === d.previousAssigneeContactId
        ? `${actor} updated ${quoted(d.title)}`
        : d.assigneeName !== null
          ? `${actor} assigned ${quoted(d.title)} to ${d.assigneeName}`
          : `${actor} unassigned ${quoted(d.title)}`,
    ),
  TaskStatusChanged: (d, actor) =>
    taskEntry(d, `${actor} ${taskStatusPhrase(d.title, d.status, d.previousStatus)}`),
  TaskCommented: (d, actor) => taskEntry(d, `${actor} commented on ${quoted(d.title)}`),
};
