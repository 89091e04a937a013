import { randomBytes } from 'node:crypto';
import { Client } from 'minio';
import { EMBEDDED_S3_ACCESS_KEY, EMBEDDED_S3_SECRET_KEY } from '../integrations/embedded-s3.server';
import { ok, type Caller, type TestApi } from './api.harness';

export const REQUEST_UPLOAD = `mutation($input: RequestUploadInput!) {
  requestUpload(input: $input) { uploadId url fields { name value } maxSize expiresAt } }`;
export const COMPLETE_DOCUMENT_UPLOAD = `mutation($id: ID!) { completeDocumentUpload(uploadId: $id) {
  id kind name url contentType size sharedBy { kind id name } sharedAt } }`;
export const COMPLETE_BRANDING_UPLOAD = `mutation($id: ID!) { completeBrandingUpload(uploadId: $id) {
  id branding { logoUrl backgroundImageUrl } } }`;

export interface Ticket {
  uploadId: string;
  url: string;
  fields: { name: string; value: string }[];
  maxSize: number;
  expiresAt: string;
}

export interface UploadRequest {
  purpose?: 'PROJECT_DOCUMENT' | 'LOGO' | 'BACKGROUND_IMAGE';
  projectId?: string | null;
  fileName: string;
  contentType: string;
  size: number;
}

export const fileBytes = (size: number) => randomBytes(size);

/** The first bytes of a file of each raster type, as its format begins (the rest may be anything). */
const IMAGE_STARTS: Record<string, Buffer> = {
  'image/png': Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
  ]),
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]),
  'image/gif': Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'),
  'image/webp': Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]),
};

/** `size` bytes that begin as a file of `contentType` (PNG, JPEG, GIF or WebP) and go on at random. */
export function imageBytes(contentType: keyof typeof IMAGE_STARTS | string, size: number): Buffer {
  const start = IMAGE_STARTS[contentType];
  if (!start) throw new Error(`no image start for ${contentType}`);
  if (size < start.length) throw new Error(`a ${contentType} needs at least ${start.length} bytes`);
  return Buffer.concat([start, randomBytes(size - start.length)]);
}

/** An SVG with a script: what must never pass as a PNG, JPEG, GIF or WebP. */
export const SVG_WITH_SCRIPT = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>\n',
);

export async function requestUpload(api: TestApi, as: Caller, input: UploadRequest): Promise<Ticket> {
  return ok(await api.gql(REQUEST_UPLOAD, { input: { purpose: 'PROJECT_DOCUMENT', ...input } }, as))
    .requestUpload;
}

export const fieldOf = (ticket: Ticket, name: string) => ticket.fields.find((f) => f.name === name)?.value;

/** The ticket's signed policy, decoded. */
export function policyOf(ticket: Ticket): { expiration: string; conditions: unknown[] } {
  return JSON.parse(Buffer.from(fieldOf(ticket, 'policy')!, 'base64').toString('utf8'));
}

/**
 * What a browser sends: a multipart POST with the ticket's fields (changed by
 * `replace`) and then the file as `file`.
 */
export async function postForm(
  ticket: Ticket,
  bytes: Buffer,
  options: { type?: string; fileName?: string; replace?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  const form = new FormData();
  for (const { name, value } of ticket.fields) form.append(name, options.replace?.[name] ?? value);
  for (const [name, value] of Object.entries(options.replace ?? {}))
    if (!ticket.fields.some((field) => field.name === name)) form.append(name, value);
  form.append(
    'file',
    new Blob([bytes], { type: options.type ?? fieldOf(ticket, 'Content-Type') }),
    options.fileName ?? 'upload.bin',
  );
  const response = await fetch(ticket.url, { method: 'POST', body: form });
  return { status: response.status, body: await response.text() };
}

/** The S3 error code of an XML error body. */
export const s3Code = (body: string) => /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? null;

/** The object key a ticket names (the server made it; the ticket's `key` field). */
export const keyOf = (ticket: Ticket) => fieldOf(ticket, 'key')!;

/** A minio client of the test's own on the embedded S3 server that the ticket points at (to put or look at objects directly). */
export function directClient(ticket: Ticket): { client: Client; bucket: string } {
  const url = new URL(ticket.url);
  return {
    client: new Client({
      endPoint: url.hostname,
      port: Number(url.port),
      useSSL: false,
      accessKey: EMBEDDED_S3_ACCESS_KEY,
      secretKey: EMBEDDED_S3_SECRET_KEY,
      region: 'us-east-1',
      pathStyle: true,
    }),
    bucket: url.pathname.replace(/^\/|\/$/g, ''),
  };
}

/** Request, send and complete a project document; returns the ticket and the document. */
export async function uploadDocument(
  api: TestApi,
  as: Caller,
  projectId: string,
  fileName: string,
  bytes: Buffer,
  contentType = 'application/pdf',
) {
  const ticket = await requestUpload(api, as, { projectId, fileName, contentType, size: bytes.length });
  const sent = await postForm(ticket, bytes);
  if (sent.status !== 204) throw new Error(`the S3 POST answered ${sent.status}: ${sent.body}`);
  const document = ok(
    await api.gql(COMPLETE_DOCUMENT_UPLOAD, { id: ticket.uploadId }, as),
  ).completeDocumentUpload;
  return { ticket, document };
}
