import { quoted, type Describe } from '../timeline/timeline-entry.types';
import type { ProjectEvent, ProjectStatus } from './project.events';

const STATUS_PHRASES: Record<ProjectStatus, string> = {
  ACTIVE: 'reopened the project',
  COMPLETED: 'marked the project as completed',
  ARCHIVED: 'archived the project',
};

/** What happens to a project, its client sees. */
export const projectDescribers: Describe<ProjectEvent> = {
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
};
