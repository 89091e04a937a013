import { invoiceDescribers } from '../invoices/invoice.timeline';
import type { DomainEvent, RecordedEvent } from '../../event-store/event.types';
import type { ClientEvent } from '../clients/client.events';
import type { DocumentEvent } from '../documents/document.events';
import type { ProjectEvent, ProjectStatus } from '../projects/project.events';
import type { TaskEvent, TaskStatus } from '../tasks/task.events';

/** Who may read an entry: members only, every contact of the client, or as the task settings allow. */
export type Audience = 'MEMBERS' | 'CONTACTS' | 'TASK';

export interface TimelineEntryDraft {
  /** null: the entry concerns the client, and shows in each of its projects. */
  projectId: string | null;
  summary: string;
  audience: Audience;
  taskId?: string;
}

const quoted = (text: string) => `'${text}'`;

const STATUS_PHRASES: Record<ProjectStatus, string> = {
  ACTIVE: 'reopened the project',
  COMPLETED: 'marked the project as completed',
  ARCHIVED: 'archived the project',
};

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

type Describe<E extends DomainEvent> = {
  [T in E['type']]: (data: Extract<E, { type: T }>['data'], actor: string) => TimelineEntryDraft;
};

/** One line a person reads for each event that belongs in a timeline. */
const describers: Describe<ClientEvent | ProjectEvent | TaskEvent | DocumentEvent> = {
  ProjectCreated: (d, actor) => ({
    projectId: d.projectId,
    audience: 'CONTACTS',
    summary: `${actor} created the project ${quoted(d.name)}`,
  }),
  ProjectRenamed: (d, actor) => ({
    projectId: d.projectId,
    audience: 'CONTACTS',
    summary: `${actor} renamed the project to ${quoted(d.name)}`,
  }),
  ProjectStatusChanged: (d, actor) => ({
    projectId: d.projectId,
    audience: 'CONTACTS',
    summary: `${actor} ${STATUS_PHRASES[d.status]}`,
  }),
  ClientCreated: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} added the client ${quoted(d.name)}`,
  }),
  ClientRenamed: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} renamed the client to ${quoted(d.name)}`,
  }),
  ContactAdded: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} added ${d.name} (${d.email}) as a contact`,
  }),
  ContactEmailChanged: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} changed ${d.name}'s email to ${d.email}`,
  }),
  ContactRemoved: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} removed ${d.name} as a contact`,
  }),
  ClientArchived: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} archived the client ${quoted(d.name)}`,
  }),
  ClientUnarchived: (d, actor) => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} restored the client ${quoted(d.name)}`,
  }),
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
  LinkShared: (d, actor) => ({
    projectId: d.projectId,
    audience: 'CONTACTS',
    summary: `${actor} shared the link ${quoted(d.title)}`,
  }),
  DocumentUploaded: (d, actor) => ({
    projectId: d.projectId,
    audience: 'CONTACTS',
    summary: `${actor} uploaded ${d.fileName}`,
  }),
  DocumentRemoved: (d, actor) => ({
    projectId: d.projectId,
    audience: 'MEMBERS',
    summary: `${actor} removed ${quoted(d.name)}`,
  }),
};

const signInDescribers = {
  ContactSignedIn: (_d: unknown, actor: string): TimelineEntryDraft => ({
    projectId: null,
    audience: 'MEMBERS',
    summary: `${actor} signed in to the portal`,
  }),
};

const allDescribers = { ...describers, ...invoiceDescribers, ...signInDescribers };

export const TIMELINE_EVENT_TYPES = Object.keys(allDescribers);

export function describe(event: RecordedEvent): TimelineEntryDraft | null {
  const describer = (allDescribers as Record<string, (data: unknown, actor: string) => TimelineEntryDraft>)[
    event.type
  ];
  return describer ? describer(event.data, event.metadata.actor.name) : null;
}
