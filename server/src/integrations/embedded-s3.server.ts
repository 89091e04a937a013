import S3rver from '@20minutes/s3rver';
import { mkdirSync } from 'node:fs';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkPostPolicy, type PolicyRefusal } from './s3-post-policy';
import { ESCAPING_DIFFERS, querySignature, rfc3986, s3rverEscape, sameSignature } from './sigv4-query';

/** The embedded server's one key pair (s3rver's built-in account): it listens on loopback only. */
export const EMBEDDED_S3_ACCESS_KEY = 'S3RVER';
export const EMBEDDED_S3_SECRET_KEY = 'S3RVER';

export interface EmbeddedS3Options {
  /** Where the objects are kept (created if missing). */
  directory: string;
  bucket: string;
  /** The largest form POST accepted at all (the policies set the real limits, which are lower). */
  maxPostBytes: number;
  /** The portal's origin, allowed by the bucket's CORS rule to upload and download from a browser. */
  corsOrigin?: string;
}

export interface EmbeddedS3 {
  /** http://127.0.0.1:<port>: for the S3 client and the browsers of this machine. */
  endpoint: string;
  stop(): Promise<void>;
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

function corsConfiguration(origin: string): string {
  const methods = ['GET', 'HEAD', 'POST'].map((m) => `<AllowedMethod>${m}</AllowedMethod>`).join('');
  return (
    `<CORSConfiguration><CORSRule><AllowedOrigin>${escapeXml(origin)}</AllowedOrigin>${methods}` +
    `<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>` +
    `</CORSRule></CORSConfiguration>`
  );
}

/**
 * On every answer: S3 cannot be told to send it, so the front adds it; a
 * browser then never takes an object (or an error) for another type than the
 * one it is served as.
 */
const NOSNIFF = { 'x-content-type-options': 'nosniff' } as const;

function sendError(req: IncomingMessage, res: ServerResponse, refusal: PolicyRefusal): void {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code>` +
    `<Message>${escapeXml(refusal.message)}</Message></Error>`;
  res.writeHead(refusal.status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(body),
    ...NOSNIFF,
    ...(req.headers.origin ? { 'access-control-allow-origin': '*' } : {}),
  });
  res.end(body);
}

/** A request that carries a signature (header or query): s3rver checks it. One without is anonymous. */
function isSigned(req: IncomingMessage, url: URL): boolean {
  return (
    'authorization' in req.headers ||
    url.searchParams.has('X-Amz-Algorithm') ||
    url.searchParams.has('Signature')
  );
}

/**
 * A presigned request whose query holds one of ! ' ( ) * (s3rver checks it
 * with another escaping than S3's, see sigv4-query.ts): its path with the
 * signature s3rver expects when the S3 way finds it signed; a refusal when it
 * is not; null when nothing needs doing.
 */
function adaptQuerySignature(req: IncomingMessage, url: URL): { path: string } | PolicyRefusal | null {
  const params = [...url.searchParams.entries()];
  const provided = url.searchParams.get('X-Amz-Signature');
  const accessKey = url.searchParams.get('X-Amz-Credential')?.split('/')[0];
  if (!provided || accessKey !== EMBEDDED_S3_ACCESS_KEY) return null;
  if (!params.some(([key, value]) => ESCAPING_DIFFERS.test(key) || ESCAPING_DIFFERS.test(value))) return null;
  const request = { method: req.method ?? 'GET', path: url.pathname, params, headers: req.headers };
  const expected = querySignature(request, EMBEDDED_S3_SECRET_KEY, rfc3986);
  if (!expected) return null;
  if (!sameSignature(provided, expected))
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided.',
    };
  const forS3rver = querySignature(request, EMBEDDED_S3_SECRET_KEY, s3rverEscape)!;
  const query = url.search.slice(1).replace(/(^|&)X-Amz-Signature=[^&]*/, `$1X-Amz-Signature=${forS3rver}`);
  return { path: `${url.pathname}?${query}` };
}

/** The whole body, or null when it is longer than `limit` (the rest is read and dropped). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length <= limit) chunks.push(chunk);
  }
  return length <= limit ? Buffer.concat(chunks) : null;
}

/**
 * @20minutes/s3rver (which checks SigV4 signatures and the expiry of signed
 * URLs) behind a small front on loopback that adds what s3rver leaves out:
 * browser POST uploads are checked against their signed policy (signature,
 * expiry, conditions, content-length-range, see s3-post-policy.ts);
 * anonymous requests are refused, as a private bucket does; and a presigned
 * URL that s3rver would escape differently from S3 is checked here the S3 way
 * (sigv4-query.ts); and every answer says X-Content-Type-Options: nosniff.
 * Everything else is passed through unchanged (Host included, which the
 * signatures cover).
 */
export async function startEmbeddedS3(options: EmbeddedS3Options): Promise<EmbeddedS3> {
  mkdirSync(options.directory, { recursive: true });
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: options.directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: [
      { name: options.bucket, configs: options.corsOrigin ? [corsConfiguration(options.corsOrigin)] : [] },
    ],
  });
  const inner = await s3rver.run();
  const agent = new Agent({ keepAlive: true });

  const forward = (req: IncomingMessage, res: ServerResponse, body?: Buffer, path = req.url) => {
    const headers = { ...req.headers };
    if (body) {
      headers['content-length'] = String(body.length);
      delete headers['transfer-encoding'];
    }
    const upstream = request(
      { host: '127.0.0.1', port: inner.port, method: req.method, path, headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...NOSNIFF });
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent)
        sendError(req, res, { status: 502, code: 'InternalError', message: error.message });
      else res.destroy();
    });
    if (body) upstream.end(body);
    else req.pipe(upstream);
  };

  const formPost = async (req: IncomingMessage, res: ServerResponse, bucket: string) => {
    const body = await readBody(req, options.maxPostBytes);
    if (!body)
      return sendError(req, res, {
        status: 400,
        code: 'EntityTooLarge',
        message: 'Your proposed upload exceeds the maximum allowed size',
      });
    let form: FormData;
    try {
      form = await new Request('http://embedded-s3/', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body,
      }).formData();
    } catch {
      return sendError(req, res, {
        status: 400,
        code: 'MalformedPOSTRequest',
        message: 'The body of your POST request is not well-formed multipart/form-data.',
      });
    }
    const fields = new Map<string, string>();
    let fileSize: number | null = null;
    for (const [name, value] of form) {
      if (typeof value === 'string') fields.set(name, value);
      else if (name === 'file' && fileSize === null) fileSize = value.size;
    }
    const refusal = checkPostPolicy({ bucket, fields, fileSize, now: new Date() }, (key) =>
      key === EMBEDDED_S3_ACCESS_KEY ? EMBEDDED_S3_SECRET_KEY : undefined,
    );
    if (refusal) return sendError(req, res, refusal);
    forward(req, res, body);
  };

  const front = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://embedded-s3');
    const bucket = /^\/([^/]+)\/?$/.exec(url.pathname)?.[1];
    if (req.method === 'POST' && bucket && url.search === '' && !('authorization' in req.headers)) {
      formPost(req, res, decodeURIComponent(bucket)).catch((error: Error) => {
        if (!res.headersSent)
          sendError(req, res, { status: 500, code: 'InternalError', message: error.message });
      });
      return;
    }
    if (req.method !== 'OPTIONS' && !isSigned(req, url)) {
      req.resume();
      return sendError(req, res, { status: 403, code: 'AccessDenied', message: 'Access Denied' });
    }
    const adapted = adaptQuerySignature(req, url);
    if (adapted && 'code' in adapted) {
      req.resume();
      return sendError(req, res, adapted);
    }
    forward(req, res, undefined, adapted?.path);
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(0, '127.0.0.1', resolve);
  });
  const { port } = front.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => {
        front.close(() => resolve());
        front.closeAllConnections();
      });
      agent.destroy();
      await s3rver.close();
    },
  };
}
