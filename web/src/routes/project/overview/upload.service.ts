import type { Client, CombinedError, OperationResult } from '@urql/core';
import { formatBytes } from '../../../lib/format';
import { errorCode, errorMessage } from '../../../lib/urql';
import { CompleteUploadMutation, RequestUploadMutation, type UploadTicket } from './overview.queries';

/** A failed upload, with the sentence the person reads (it names the file). */
export class UploadError extends Error {}

const refused = (file: File, reason: string) => {
  const sentence = reason.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase()).replace(/\.?$/, '.');
  return new UploadError(`${file.name} was not uploaded: ${sentence}`);
};

/** The server's own words for input it refuses ("input.size: the file is…" → "the file is…"). */
function serverReason(error: CombinedError): string {
  const message = errorMessage(error);
  return errorCode(error) === 'BAD_USER_INPUT' ? message.replace(/^[\w.]+: /, '') : message;
}

/** An S3 XML error (<Code>EntityTooLarge</Code>…) as a sentence. */
export function storageReason(status: number, body: string, maxSize: number): string {
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  switch (code) {
    case 'EntityTooLarge':
      return `the file is larger than the ${formatBytes(maxSize)} the portal accepts`;
    case 'EntityTooSmall':
      return 'the file is empty';
    case 'AccessDenied':
    case 'RequestTimeTooSkewed':
      return 'the upload permission was refused or has expired; please try again';
    default:
      return `the file store refused it (${code ?? `HTTP ${status}`}); please try again`;
  }
}

/**
 * The signed form to S3: every field of the ticket in order, the file last.
 * XMLHttpRequest rather than fetch, for upload progress.
 */
export function postToStorage(
  ticket: UploadTicket,
  file: File,
  onProgress: (loaded: number, total: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const field of ticket.fields) form.append(field.name, field.value);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', ticket.url);
    xhr.upload.onprogress = (event) =>
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      reject(refused(file, storageReason(xhr.status, xhr.responseText, ticket.maxSize)));
    };
    const lost = () =>
      reject(refused(file, 'the connection to the file store failed. Check your connection and try again'));
    xhr.onerror = lost;
    xhr.ontimeout = lost;
    xhr.onabort = () => reject(refused(file, 'the upload was stopped'));
    xhr.send(form);
  });
}

type UploadPurpose = 'PROJECT_DOCUMENT' | 'LOGO' | 'BACKGROUND_IMAGE';

/**
 * requestUpload → the form to S3 (with progress) → `complete(uploadId)`, the
 * purpose's own completion. Throws an UploadError naming the file.
 */
export async function uploadFile(
  client: Client,
  target: { purpose: UploadPurpose; projectId?: string },
  file: File,
  onProgress: (loaded: number, total: number) => void,
  complete: (uploadId: string) => Promise<OperationResult>,
): Promise<void> {
  if (file.size === 0) throw refused(file, 'the file is empty');
  const requested = await client
    .mutation(RequestUploadMutation, {
      input: {
        ...target,
        fileName: file.name,
        contentType: file.type || 'application/octet-stream',
        size: file.size,
      },
    })
    .toPromise();
  const ticket = requested.data?.requestUpload;
  if (!ticket)
    throw refused(file, requested.error ? serverReason(requested.error) : 'no answer from the portal');
  await postToStorage(ticket, file, onProgress);
  const completed = await complete(ticket.uploadId);
  if (!completed.data || completed.error)
    throw refused(file, completed.error ? serverReason(completed.error) : 'no answer from the portal');
}

/** A project's document: uploadFile, completed by completeDocumentUpload. */
export function uploadDocument(
  client: Client,
  projectId: string,
  file: File,
  onProgress: (loaded: number, total: number) => void,
): Promise<void> {
  return uploadFile(client, { purpose: 'PROJECT_DOCUMENT', projectId }, file, onProgress, (uploadId) =>
    client.mutation(CompleteUploadMutation, { uploadId }).toPromise(),
  );
}
