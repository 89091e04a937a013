import { Client } from 'minio';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../config';
import { EMBEDDED_S3_ACCESS_KEY, EMBEDDED_S3_SECRET_KEY } from './embedded-s3.server';
import { createObjectStorage, type ObjectStorage } from './object-storage';

/** The storage on the embedded S3 server, over HTTP with real SigV4 signatures. */
describe('object storage on the embedded S3 server', () => {
  let directory: string;
  let storage: ObjectStorage;
  let direct: Client;
  const bucket = 'portal';
  const bytes = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'portal-test-s3-'));
    storage = createObjectStorage(parseConfig({ NODE_ENV: 'test' }), {
      embeddedDirectory: directory,
      maxPostBytes: 1024 * 1024,
    });
    await storage.start();
    const origin = new URL(storage.browserOrigin!);
    direct = new Client({
      endPoint: origin.hostname,
      port: Number(origin.port),
      useSSL: false,
      accessKey: EMBEDDED_S3_ACCESS_KEY,
      secretKey: EMBEDDED_S3_SECRET_KEY,
      region: 'us-east-1',
      pathStyle: true,
    });
    await direct.putObject(bucket, 'a/upload', bytes, bytes.length, { 'Content-Type': 'image/png' });
  });
  afterAll(async () => {
    await storage.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('readHead reads only the first bytes (a ranged GET); all of a shorter object; null for none', async () => {
    expect((await storage.readHead('a/upload', 8))?.toString()).toBe('<svg xml');
    expect((await storage.readHead('a/upload', 10_000))?.equals(bytes)).toBe(true);
    expect(await storage.readHead('a/missing', 8)).toBeNull();
  });

  it('a signed GET answers with the type and disposition it was signed for, and nosniff', async () => {
    const url = await storage.presignedGet('a/upload', {
      expiresInSeconds: 60,
      now: new Date(),
      contentType: 'text/plain',
      contentDisposition: 'attachment; filename="a.svg"',
    });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="a.svg"');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('every answer of the embedded server says nosniff: GET, HEAD, a range, a refusal, a missing object', async () => {
    const signed = (key: string) =>
      storage.presignedGet(key, { expiresInSeconds: 60, now: new Date(), contentType: 'image/png' });
    const plain = await direct.presignedGetObject(bucket, 'a/upload', 60);
    const answers: [string, Response][] = [
      ['GET', await fetch(await signed('a/upload'))],
      ['plain GET', await fetch(plain)],
      ['HEAD', await fetch(await direct.presignedUrl('HEAD', bucket, 'a/upload', 60), { method: 'HEAD' })],
      ['range', await fetch(plain, { headers: { range: 'bytes=0-3' } })],
      ['anonymous', await fetch(`${storage.browserOrigin}/${bucket}/a/upload`)],
      ['missing', await fetch(await signed('a/missing'))],
    ];
    expect(
      answers.map(([what, response]) => [
        what,
        response.status,
        response.headers.get('x-content-type-options'),
      ]),
    ).toEqual([
      ['GET', 200, 'nosniff'],
      ['plain GET', 200, 'nosniff'],
      ['HEAD', 200, 'nosniff'],
      ['range', 206, 'nosniff'],
      ['anonymous', 403, 'nosniff'],
      ['missing', 404, 'nosniff'],
    ]);
  });
});
