import type { TaskVisibility } from '../workspaces/workspace.events';
import type { Audience } from './timeline-entry.types';

export type AudienceViewer = { kind: 'MEMBER' } | { kind: 'CONTACT'; clientId: string };

export interface AudienceEntry {
  audience: Audience;
  /** For task entries: the client of the contact the task is assigned to now (null: nobody). */
  taskAssigneeClientId: string | null;
  /** For task entries: whether the task is shared with the client now (false: internal). */
  taskSharedWithClient: boolean;
}

/**
 * Whether a viewer may read a timeline entry of one of their client's
 * projects. Decided when the timeline is read, from the task settings of the
 * moment and the task's current sharing and assignee, so a change of any shows at once.
 */
export function canSee(entry: AudienceEntry, viewer: AudienceViewer, visibility: TaskVisibility): boolean {
  if (viewer.kind === 'MEMBER') return true;
  switch (entry.audience) {
    case 'MEMBERS':
      return false;
    case 'CONTACTS':
      return true;
    case 'TASK':
      if (!entry.taskSharedWithClient) return false;
      if (visibility === 'ALL') return true;
      return visibility === 'ASSIGNED' && entry.taskAssigneeClientId === viewer.clientId;
  }
}

/** The audiences a contact sees without looking at tasks; TASK entries follow the settings. */
export function contactAudiences(visibility: TaskVisibility): Audience[] {
  return visibility === 'OFF' ? ['CONTACTS'] : ['CONTACTS', 'TASK'];
}
