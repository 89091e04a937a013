import { Client } from 'minio';
import { checkPostPolicy, signPolicy } from './s3-post-policy';

const SECRET = 'secret-key';
const client = new Client({
  endPoint: '127.0.0.1',
  port: 9000,
  useSSL: false,
  accessKey: 'AKID',
  secretKey: SECRET,
  region: 'us-east-1',
  pathStyle: true,
});
const secretFor = (key: string) => (key === 'AKID' ? SECRET : undefined);

/** A form as the minio client signs it (no request is made: the region is set). */
async function form(expiresInMs = 600_000) {
  const policy = client.newPostPolicy();
  policy.setBucket('portal');
  policy.setKey('workspaces/w/projects/p/k');
  policy.setContentType('application/pdf');
  policy.setContentLengthRange(1, 1000);
  policy.setExpires(new Date(Date.now() + expiresInMs));
  const { formData } = await client.presignedPostPolicy(policy);
  return new Map(Object.entries(formData));
}

const check = (fields: Map<string, string>, fileSize: number | null = 10, bucket = 'portal') =>
  checkPostPolicy({ bucket, fields, fileSize, now: new Date() }, secretFor);

const codeOf = (fields: Map<string, string>, fileSize: number | null = 10, bucket = 'portal') =>
  check(fields, fileSize, bucket)?.code ?? null;

describe('S3 POST policy check (SigV4)', () => {
  it("accepts the minio client's form as signed, in size, in time", async () => {
    const fields = await form();
    expect(check(fields, 1)).toBeNull();
    expect(check(fields, 1000)).toBeNull();
    // Field names are compared without regard to case.
    const upper = new Map([...fields].map(([k, v]) => [k === 'Content-Type' ? 'content-type' : k, v]));
    expect(check(upper)).toBeNull();
  });

  it('content-length-range: too large or empty', async () => {
    const fields = await form();
    expect(codeOf(fields, 1001)).toBe('EntityTooLarge');
    expect(codeOf(fields, 0)).toBe('EntityTooSmall');
    expect(codeOf(fields, null)).toBe('InvalidArgument');
  });

  it('a tampered policy or signature, an unknown key', async () => {
    const fields = await form();
    const policy = JSON.parse(Buffer.from(fields.get('policy')!, 'base64').toString());
    policy.conditions = policy.conditions.filter((c: unknown[]) => c[0] !== 'content-length-range');
    expect(
      codeOf(new Map([...fields, ['policy', Buffer.from(JSON.stringify(policy)).toString('base64')]])),
    ).toBe('SignatureDoesNotMatch');
    expect(codeOf(new Map([...fields, ['x-amz-signature', '0'.repeat(64)]]))).toBe('SignatureDoesNotMatch');
    const credential = fields.get('x-amz-credential')!.replace('AKID', 'OTHER');
    expect(codeOf(new Map([...fields, ['x-amz-credential', credential]]))).toBe('InvalidAccessKeyId');
    expect(codeOf(new Map([...fields, ['x-amz-algorithm', 'AWS4-HMAC-SHA1']]))).toBe('InvalidArgument');
    const without = new Map(fields);
    without.delete('policy');
    expect(codeOf(without)).toBe('AccessDenied');
  });

  it('every condition: key, type, bucket; and no field left out of the policy', async () => {
    const fields = await form();
    expect(check(new Map([...fields, ['key', 'workspaces/w/other']]))?.message).toContain(
      'Policy Condition failed',
    );
    expect(codeOf(new Map([...fields, ['Content-Type', 'text/html']]))).toBe('AccessDenied');
    expect(codeOf(fields, 10, 'other-bucket')).toBe('AccessDenied');
    expect(codeOf(new Map([...fields, ['bucket', 'other-bucket']]))).toBe('AccessDenied');
    expect(check(new Map([...fields, ['acl', 'public-read']]))?.message).toContain('Extra input fields: acl');
    expect(check(new Map([...fields, ['x-ignore-note', 'anything']]))).toBeNull();
  });

  it('an expired policy, signed correctly, is refused', async () => {
    expect(check(await form(-1000))?.message).toBe('Invalid according to Policy: Policy expired.');
  });

  it('a policy of its own, signed with the secret, with exact-match and starts-with conditions', () => {
    const policy = Buffer.from(
      JSON.stringify({
        expiration: new Date(Date.now() + 60_000).toISOString(),
        conditions: [
          { bucket: 'portal' },
          ['starts-with', '$key', 'uploads/'],
          ['eq', '$x-amz-algorithm', 'AWS4-HMAC-SHA256'],
          ['starts-with', '$x-amz-credential', 'AKID/'],
          ['starts-with', '$x-amz-date', '2'],
        ],
      }),
    ).toString('base64');
    const fields = new Map([
      ['key', 'uploads/a.txt'],
      ['x-amz-algorithm', 'AWS4-HMAC-SHA256'],
      ['x-amz-credential', 'AKID/20260101/eu-west-1/s3/aws4_request'],
      ['x-amz-date', '20260101T000000Z'],
      ['policy', policy],
      ['x-amz-signature', signPolicy(policy, SECRET, '20260101', 'eu-west-1')],
    ]);
    expect(check(fields)).toBeNull();
    expect(codeOf(new Map([...fields, ['key', 'elsewhere/a.txt']]))).toBe('AccessDenied');
  });
});
