import type { DomainEvent } from '../../event-store/event.types';

export type ProjectStatus = 'ACTIVE' | 'COMPLETED' | 'ARCHIVED';

type ProjectScoped<T> = { workspaceId: string; clientId: string; projectId: string } & T;

export type ProjectCreated = DomainEvent<
  'ProjectCreated',
  ProjectScoped<{ name: string; createdAt: string }>
>;
export type ProjectRenamed = DomainEvent<
  'ProjectRenamed',
  ProjectScoped<{ name: string; previousName: string }>
>;
export type ProjectStatusChanged = DomainEvent<
  'ProjectStatusChanged',
  ProjectScoped<{ name: string; status: ProjectStatus; previousStatus: ProjectStatus }>
>;

export type ProjectEvent = ProjectCreated | ProjectRenamed | ProjectStatusChanged;

export const PROJECT_EVENT_TYPES: readonly ProjectEvent['type'][] = [
  'ProjectCreated',
  'ProjectRenamed',
  'ProjectStatusChanged',
];

export const projectStreamId = (projectId: string) => `project-${projectId}`;
