import type { DomainEvent, RecordedEvent } from '../../event-store/event.types';
import type { ClientEvent } from '../clients/client.events';
import type { ProjectEvent, ProjectStatus } from '../projects/project.events';

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

type Describe<E extends DomainEvent> = {
  [T in E['type']]: (data: Extract<E, { type: T }>['data'], actor: string) => TimelineEntryDraft;
};

/** One line a person reads for each event that belongs in a timeline. */
const describers: Describe<ClientEvent | ProjectEvent> = {
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
};

export const TIMELINE_EVENT_TYPES = Object.keys(describers);

export function describe(event: RecordedEvent): TimelineEntryDraft | null {
  const describer = (describers as Record<string, (data: unknown, actor: string) => TimelineEntryDraft>)[
    event.type
  ];
  return describer ? describer(event.data, event.metadata.actor.name) : null;
}
