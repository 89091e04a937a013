import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { signingKey } from './s3-post-policy';

/**
 * Signature Version 4 of a query-signed (presigned) request, computed with a
 * given way of escaping the query. S3, MinIO and the minio client escape per
 * RFC 3986 (so ! ' ( ) * too); s3rver escapes with encodeURIComponent, which
 * leaves those five alone, so a presigned URL whose query holds one of them
 * (filename*=UTF-8''… in a Content-Disposition, a name with an apostrophe)
 * fails its check there. The embedded server's front checks such a request
 * the S3 way and hands s3rver the signature it computes (see embedded-s3.server.ts).
 */

export const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** s3rver's escaping of query keys and values. */
export const s3rverEscape = encodeURIComponent;

/** Characters on which the two escapings differ. */
export const ESCAPING_DIFFERS = /[!'()*]/;

export interface QuerySignedRequest {
  method: string;
  /** The path as sent, without the query. */
  path: string;
  /** The decoded query parameters, in the order sent. */
  params: [string, string][];
  headers: IncomingHttpHeaders;
}

/** The hex signature of the request under `escape`; null when the query is not a SigV4 presigned one. */
export function querySignature(
  request: QuerySignedRequest,
  secret: string,
  escape: (text: string) => string,
): string | null {
  const param = (name: string) => request.params.find(([key]) => key === name)?.[1];
  const date = param('X-Amz-Date');
  const credential = param('X-Amz-Credential')?.split('/');
  const signedHeaders = param('X-Amz-SignedHeaders')?.split(';');
  if (param('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || !date || credential?.length !== 5 || !signedHeaders)
    return null;
  const [, day, region, service, terminal] = credential;
  const uri = request.path
    .split('/')
    .map((segment) => rfc3986(decodeURIComponent(segment)))
    .join('/');
  const query = request.params
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => `${escape(key)}=${escape(value)}`)
    .sort()
    .join('&');
  const headers = signedHeaders.map((name) => `${name}:${String(request.headers[name] ?? '')}\n`).join('');
  const canonical = [request.method, uri, query, headers, signedHeaders.join(';'), 'UNSIGNED-PAYLOAD'].join(
    '\n',
  );
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    date,
    [day, region, service, terminal].join('/'),
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  return createHmac('sha256', signingKey(secret, day, region, service))
    .update(stringToSign)
    .digest('hex');
}

export function sameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
