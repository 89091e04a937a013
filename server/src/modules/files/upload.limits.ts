import { stripBidiControls } from '../shared/file-name';
import { bad } from '../shared/validation';

/** What a project document may be unless UPLOAD_CONTENT_TYPES says otherwise. */
export const DEFAULT_UPLOAD_CONTENT_TYPES: readonly string[] = [
  'application/pdf',
  // images
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  // office documents: Word, Excel, PowerPoint, OpenDocument
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  // text and CSV
  'text/plain',
  'text/csv',
  // archives
  'application/zip',
  // audio
  'audio/mpeg',
  'audio/mp4',
  'audio/wav',
  'audio/ogg',
  'audio/webm',
  // video
  'video/mp4',
  'video/quicktime',
  'video/webm',
];

/** Logos and backgrounds: raster images only (an SVG may carry script). */
export const BRANDING_IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
export const BRANDING_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_UPLOAD_MAX_BYTES = 25 * 1024 * 1024;

/** A ticket's POST form works this long. */
export const UPLOAD_TICKET_TTL_MS = 10 * 60_000;
/**
 * How long after its form expired a ticket may still be completed: the form
 * only has to be sent before it expires, and a large file takes a while.
 */
export const UPLOAD_COMPLETE_GRACE_MS = 60 * 60_000;
/** A FILE document's download address works this long. */
export const DOWNLOAD_URL_TTL_SECONDS = 5 * 60;
/** The branding addresses redirect to a signed GET valid this long. */
export const BRANDING_URL_TTL_SECONDS = 10 * 60;

export interface UploadLimits {
  /** Project documents: the largest, in bytes. */
  maxBytes: number;
  /** Project documents: the content types accepted, in lower case. */
  contentTypes: readonly string[];
}

export type UploadPurposeName = 'PROJECT_DOCUMENT' | 'LOGO' | 'BACKGROUND_IMAGE';

/** The limit and the types of a purpose. */
export function limitsFor(purpose: UploadPurposeName, limits: UploadLimits): UploadLimits {
  return purpose === 'PROJECT_DOCUMENT'
    ? limits
    : { maxBytes: BRANDING_MAX_BYTES, contentTypes: BRANDING_IMAGE_TYPES };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

/** The content type in lower case, without spaces, or BAD_USER_INPUT naming it. */
export function requireContentType(value: string, allowed: readonly string[], field: string): string {
  const type = value.trim().toLowerCase();
  if (!allowed.includes(type)) {
    const shown = JSON.stringify(value.trim() || value);
    throw bad(
      field,
      allowed === BRANDING_IMAGE_TYPES
        ? `${shown} is not accepted for a branding image: PNG, JPEG, GIF or WebP only`
        : `${shown} is not a file type this portal accepts`,
    );
  }
  return type;
}

export function requireSize(value: number, maxBytes: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) throw bad(field, `must be a whole number of bytes, at least 1`);
  if (value > maxBytes)
    throw bad(field, `the file is ${formatBytes(value)}; the largest accepted is ${formatBytes(maxBytes)}`);
  return value;
}

// Control characters, and path separators: a name, not a path.
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME = /[\u0000-\u001f\u007f/\\]/;

/**
 * The file's name as the person's device gave it, less its bidirectional
 * controls (which only disguise a name): trimmed, 1 to 255 characters, no
 * separators or control characters.
 */
export function requireFileName(value: string, field: string): string {
  const name = stripBidiControls(value).trim();
  if (!name) throw bad(field, 'must not be empty');
  if (name.length > 255) throw bad(field, `must be at most 255 characters (got ${name.length})`);
  if (UNSAFE_NAME.test(name) || name === '.' || name === '..')
    throw bad(field, 'must be a file name, without slashes or control characters');
  return name;
}

/** What a browser may show from the file store rather than save: raster images and PDF (never SVG, HTML or text). */
export const INLINE_SAFE_TYPES: readonly string[] = [...BRANDING_IMAGE_TYPES, 'application/pdf'];

/** `inline` for a safe image or PDF, `attachment` for anything else: a signed GET that should show the file. */
export function inlineDisposition(contentType: string | null): 'inline' | 'attachment' {
  return contentType && INLINE_SAFE_TYPES.includes(contentType) ? 'inline' : 'attachment';
}

/**
 * `attachment` with the original name: filename="…" (quotes and backslashes
 * replaced, non-ASCII as _) for every client, and filename*=UTF-8''… (RFC
 * 6266/5987) when the name is not plain ASCII.
 */
export function attachmentDisposition(name: string): string {
  // A name recorded before names were cleaned downloads clean all the same.
  const fileName = stripBidiControls(name);
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const plain = ascii === fileName;
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return plain
    ? `attachment; filename="${ascii}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
