import type { Decider } from '../../projections/decider';
import { DomainError } from '../../projections/domain.errors';
import { stripBidiControls } from '../shared/file-name';
import { bad, requireName } from '../shared/validation';
import type { DocumentEvent, DocumentKind } from './document.events';

export const MAX_URL = 2048;

export type DocumentCommand =
  | {
      type: 'ShareLink';
      /** The project, checked by the service to be the viewer's. */
      workspaceId: string;
      clientId: string;
      projectId: string;
      documentId: string;
      title: string;
      url: string;
    }
  | {
      type: 'RecordUpload';
      /** The ticket's project and object, checked by the files service (the object exists and matches). */
      workspaceId: string;
      clientId: string;
      projectId: string;
      documentId: string;
      uploadId: string;
      fileName: string;
      contentType: string;
      size: number;
      storageKey: string;
    }
  | { type: 'RemoveDocument' };

export interface DocumentState {
  scope: { workspaceId: string; clientId: string; projectId: string; documentId: string } | null;
  name: string;
  kind: DocumentKind;
  removed: boolean;
  /** The upload ticket a FILE came from: completing it again changes nothing. */
  uploadId: string | null;
}

/** An http: or https: address that new URL() parses, at most MAX_URL characters; kept as given, trimmed. */
export function requireLinkUrl(value: string, field: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw bad(field, 'must not be empty');
  if (trimmed.length > MAX_URL)
    throw bad(field, `must be at most ${MAX_URL} characters (got ${trimmed.length})`);
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw bad(field, `${JSON.stringify(trimmed)} is not an address`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw bad(field, 'must be an http: or https: address');
  return trimmed;
}

export const documentDecider: Decider<DocumentState, DocumentCommand, DocumentEvent> = {
  initialState: () => ({ scope: null, name: '', kind: 'LINK', removed: false, uploadId: null }),

  evolve(state, event) {
    switch (event.type) {
      case 'LinkShared':
        return {
          scope: {
            workspaceId: event.data.workspaceId,
            clientId: event.data.clientId,
            projectId: event.data.projectId,
            documentId: event.data.documentId,
          },
          name: event.data.title,
          kind: 'LINK',
          removed: false,
          uploadId: null,
        };
      case 'DocumentUploaded':
        return {
          scope: {
            workspaceId: event.data.workspaceId,
            clientId: event.data.clientId,
            projectId: event.data.projectId,
            documentId: event.data.documentId,
          },
          // A name recorded before names were cleaned is removed under its clean name.
          name: stripBidiControls(event.data.fileName),
          kind: 'FILE',
          removed: false,
          uploadId: event.data.uploadId,
        };
      case 'DocumentRemoved':
        return { ...state, removed: true };
    }
  },

  decide(command, state, { now }) {
    switch (command.type) {
      case 'ShareLink': {
        if (state.scope) throw new DomainError('CONFLICT', 'this document exists already');
        const title = requireName(command.title, 'title');
        const url = requireLinkUrl(command.url, 'url');
        return [
          {
            type: 'LinkShared',
            data: {
              workspaceId: command.workspaceId,
              clientId: command.clientId,
              projectId: command.projectId,
              documentId: command.documentId,
              title,
              url,
              sharedAt: now.toISOString(),
            },
          },
        ];
      }
      case 'RecordUpload': {
        if (state.scope) {
          // The same ticket completed again: the document is there already.
          if (state.uploadId === command.uploadId) return [];
          throw new DomainError('CONFLICT', 'this document exists already');
        }
        // Whatever the ticket holds (one issued before names were cleaned too), the event's name carries no bidi controls.
        const fileName = requireName(stripBidiControls(command.fileName), 'fileName', 255);
        return [
          {
            type: 'DocumentUploaded',
            data: {
              workspaceId: command.workspaceId,
              clientId: command.clientId,
              projectId: command.projectId,
              documentId: command.documentId,
              uploadId: command.uploadId,
              fileName,
              contentType: command.contentType,
              size: command.size,
              storageKey: command.storageKey,
              uploadedAt: now.toISOString(),
            },
          },
        ];
      }
      case 'RemoveDocument': {
        if (!state.scope || state.removed) throw new DomainError('NOT_FOUND', 'document not found', 'id');
        return [{ type: 'DocumentRemoved', data: { ...state.scope, name: state.name, kind: state.kind } }];
      }
    }
  },
};
