import { quoted, type Describe } from '../timeline/timeline-entry.types';
import type { DocumentEvent } from './document.events';

/** Shared files and links the client sees; a removal is the members' own. */
export const documentDescribers: Describe<DocumentEvent> = {
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
