import { Client } from 'minio';
import { querySignature, rfc3986, s3rverEscape } from './sigv4-query';

const SECRET = 'S3RVER';
const client = new Client({
  endPoint: '127.0.0.1',
  port: 4568,
  useSSL: false,
  accessKey: 'S3RVER',
  secretKey: SECRET,
  region: 'us-east-1',
  pathStyle: true,
});

/** A presigned GET as the minio client makes it, split the way the embedded server's front reads it. */
async function presigned(disposition: string) {
  const url = new URL(
    await client.presignedGetObject('portal', 'workspaces/w/projects/p/k', 300, {
      'response-content-disposition': disposition,
    }),
  );
  return {
    signature: url.searchParams.get('X-Amz-Signature')!,
    request: {
      method: 'GET',
      path: url.pathname,
      params: [...url.searchParams.entries()],
      headers: { host: url.host },
    },
  };
}

describe('SigV4 query signatures', () => {
  it.each([
    'attachment; filename="brief.pdf"',
    `attachment; filename="Caf_.pdf"; filename*=UTF-8''Caf%C3%A9.pdf`,
    `attachment; filename="John's (v2)!.pdf"`,
  ])('RFC 3986 escaping gives the signature the minio client made: %s', async (disposition) => {
    const { signature, request } = await presigned(disposition);
    expect(querySignature(request, SECRET, rfc3986)).toBe(signature);
  });

  it("s3rver's escaping differs exactly when the query holds one of ! ' ( ) *", async () => {
    const plain = await presigned('attachment; filename="brief.pdf"');
    expect(querySignature(plain.request, SECRET, s3rverEscape)).toBe(plain.signature);
    const quoted = await presigned(`attachment; filename="John's.pdf"`);
    expect(querySignature(quoted.request, SECRET, s3rverEscape)).not.toBe(quoted.signature);
  });

  it('another secret, method or host gives another signature; a query without SigV4 none', async () => {
    const { signature, request } = await presigned('attachment; filename="a.pdf"');
    expect(querySignature(request, 'other', rfc3986)).not.toBe(signature);
    expect(querySignature({ ...request, method: 'DELETE' }, SECRET, rfc3986)).not.toBe(signature);
    expect(querySignature({ ...request, headers: { host: 'evil.test' } }, SECRET, rfc3986)).not.toBe(
      signature,
    );
    expect(querySignature({ ...request, params: [['a', 'b']] }, SECRET, rfc3986)).toBeNull();
  });
});
