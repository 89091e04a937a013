import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The checks S3 makes on a browser's POST upload (Signature Version 4):
 * the policy's signature, its expiry, and every condition against the form's
 * fields and the file's size. The embedded S3 server (s3rver) stores POSTed
 * objects without looking at the policy, so the embedded default puts this in
 * front of it; MinIO and S3 do the same themselves.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 */

export interface PostUpload {
  /** The bucket named by the request's path. */
  bucket: string;
  /** The form's text fields, names as sent (S3 compares names without regard to case). */
  fields: ReadonlyMap<string, string>;
  /** The size of the form's `file` part; null when there is none. */
  fileSize: number | null;
  now: Date;
}

export interface PolicyRefusal {
  status: number;
  code: string;
  message: string;
}

/** Fields that need no condition of their own. */
const UNCONDITIONED = new Set(['policy', 'x-amz-signature', 'file']);

const refuse = (status: number, code: string, message: string): PolicyRefusal => ({ status, code, message });
const conditionFailed = (condition: unknown) =>
  refuse(
    403,
    'AccessDenied',
    `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
  );

export function signingKey(secret: string, date: string, region: string, service = 's3'): Buffer {
  const step = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  return step(step(step(step(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** The x-amz-signature of a base64 policy, as the client that made it computes it. */
export function signPolicy(policyBase64: string, secret: string, date: string, region: string): string {
  return createHmac('sha256', signingKey(secret, date, region))
    .update(policyBase64)
    .digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * null when S3 would store the upload; else the refusal S3 would answer.
 * `secretFor` gives the secret key of an access key id (undefined: unknown).
 */
export function checkPostPolicy(
  upload: PostUpload,
  secretFor: (accessKeyId: string) => string | undefined,
): PolicyRefusal | null {
  const fields = new Map<string, string>();
  for (const [name, value] of upload.fields) {
    const lower = name.toLowerCase();
    if (!fields.has(lower)) fields.set(lower, value);
  }
  if (upload.fileSize === null)
    return refuse(400, 'InvalidArgument', 'POST requires exactly one file upload per request.');

  const policyBase64 = fields.get('policy');
  const signature = fields.get('x-amz-signature');
  if (!policyBase64 || !signature)
    return refuse(403, 'AccessDenied', 'Bucket POST must contain the fields policy and x-amz-signature');
  if (fields.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256')
    return refuse(400, 'InvalidArgument', 'x-amz-algorithm must be AWS4-HMAC-SHA256');
  const [accessKeyId, date, region, service, terminal, ...rest] = (
    fields.get('x-amz-credential') ?? ''
  ).split('/');
  if (!accessKeyId || !date || !region || service !== 's3' || terminal !== 'aws4_request' || rest.length)
    return refuse(
      400,
      'InvalidArgument',
      'x-amz-credential must be <key>/<yyyymmdd>/<region>/s3/aws4_request',
    );
  const secret = secretFor(accessKeyId);
  if (secret === undefined)
    return refuse(
      403,
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
    );
  if (!sameHex(signature, signPolicy(policyBase64, secret, date, region)))
    return refuse(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );

  let policy: { expiration?: unknown; conditions?: unknown };
  try {
    policy = JSON.parse(Buffer.from(policyBase64, 'base64').toString('utf8'));
  } catch {
    return refuse(400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.');
  }
  const expiration = typeof policy.expiration === 'string' ? Date.parse(policy.expiration) : NaN;
  if (Number.isNaN(expiration))
    return refuse(400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid or missing expiration.');
  if (upload.now.getTime() > expiration)
    return refuse(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
  if (!Array.isArray(policy.conditions))
    return refuse(400, 'InvalidPolicyDocument', 'Invalid Policy: Missing conditions.');

  // The bucket is the path's (and the form's bucket field, when sent, must say the same).
  const passes = (name: string, test: (value: string | undefined) => boolean) =>
    name === 'bucket'
      ? test(upload.bucket) && (!fields.has('bucket') || test(fields.get('bucket')))
      : test(fields.get(name));
  const covered = new Set<string>();
  for (const condition of policy.conditions as unknown[]) {
    let name: string;
    let test: (value: string | undefined) => boolean;
    if (condition && typeof condition === 'object' && !Array.isArray(condition)) {
      const entries = Object.entries(condition);
      if (entries.length !== 1 || typeof entries[0][1] !== 'string')
        return refuse(400, 'InvalidPolicyDocument', `Invalid Policy: ${JSON.stringify(condition)}`);
      name = entries[0][0].toLowerCase();
      const expected = entries[0][1];
      test = (value) => value === expected;
    } else if (Array.isArray(condition) && condition[0] === 'content-length-range') {
      const [, min, max] = condition;
      if (!Number.isInteger(min) || !Number.isInteger(max))
        return refuse(400, 'InvalidPolicyDocument', `Invalid Policy: ${JSON.stringify(condition)}`);
      if (upload.fileSize > max)
        return refuse(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
      if (upload.fileSize < min)
        return refuse(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size');
      continue;
    } else if (
      Array.isArray(condition) &&
      condition.length === 3 &&
      (condition[0] === 'eq' || condition[0] === 'starts-with') &&
      typeof condition[1] === 'string' &&
      condition[1].startsWith('$') &&
      typeof condition[2] === 'string'
    ) {
      name = condition[1].slice(1).toLowerCase();
      const expected: string = condition[2];
      test =
        condition[0] === 'eq'
          ? (value) => value === expected
          : (value) => value !== undefined && value.startsWith(expected);
    } else {
      return refuse(400, 'InvalidPolicyDocument', `Invalid Policy: ${JSON.stringify(condition)}`);
    }
    if (!passes(name, test)) return conditionFailed(condition);
    covered.add(name);
  }
  for (const name of fields.keys()) {
    if (UNCONDITIONED.has(name) || name.startsWith('x-ignore-') || covered.has(name)) continue;
    return refuse(403, 'AccessDenied', `Invalid according to Policy: Extra input fields: ${name}`);
  }
  return null;
}
