import type { DomainEvent } from '../../event-store/event.types';

export type DocumentKind = 'LINK' | 'FILE';

type DocumentScoped<T> = { workspaceId: string; clientId: string; projectId: string; documentId: string } & T;

export type LinkShared = DomainEvent<
  'LinkShared',
  DocumentScoped<{ title: string; url: string; sharedAt: string }>
>;
/** The document leaves the project's list; the log keeps it. */
export type DocumentRemoved = DomainEvent<
  'DocumentRemoved',
  DocumentScoped<{ name: string; kind: DocumentKind }>
>;

export type DocumentEvent = LinkShared | DocumentRemoved;

export const DOCUMENT_EVENT_TYPES: readonly DocumentEvent['type'][] = ['LinkShared', 'DocumentRemoved'];

export const documentStreamId = (documentId: string) => `document-${documentId}`;
