import type { DomainEvent } from '../../event-store/event.types';

export type DocumentKind = 'LINK' | 'FILE';

type DocumentScoped<T> = { workspaceId: string; clientId: string; projectId: string; documentId: string } & T;

export type LinkShared = DomainEvent<
  'LinkShared',
  DocumentScoped<{ title: string; url: string; sharedAt: string }>
>;
/**
 * A file uploaded to the project (through an upload ticket, checked in S3):
 * the uploader is the event's actor. The object stays under storageKey.
 */
export type DocumentUploaded = DomainEvent<
  'DocumentUploaded',
  DocumentScoped<{
    uploadId: string;
    fileName: string;
    contentType: string;
    size: number;
    storageKey: string;
    uploadedAt: string;
  }>
>;
/** The document leaves the project's list; the log keeps it (and a file's object stays 30 days). */
export type DocumentRemoved = DomainEvent<
  'DocumentRemoved',
  DocumentScoped<{ name: string; kind: DocumentKind }>
>;

export type DocumentEvent = LinkShared | DocumentUploaded | DocumentRemoved;

export const DOCUMENT_EVENT_TYPES: readonly DocumentEvent['type'][] = [
  'LinkShared',
  'DocumentUploaded',
  'DocumentRemoved',
];

export const documentStreamId = (documentId: string) => `document-${documentId}`;
