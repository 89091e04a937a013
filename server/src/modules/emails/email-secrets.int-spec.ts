import Redis from 'ioredis';
import { createMailer } from '../../integrations/mailer.factory';
import { createTestWorkspace, startTestApi, type TestApi, type TestWorkspace } from '../../test/api.harness';
import {
  createClientWithContacts,
  startEmailPipeline,
  testQueuePrefix,
  waitFor,
  type EmailPipeline,
} from '../../test/email.fixture';
import { SendGridDouble } from '../../test/sendgrid.double';

const SIGN_IN = 'mutation($t: String!) { signInWithLoginLink(token: $t) { contact { email } } }';

/** Every key under the prefix and everything it holds, as text: what a Redis dump would show. */
async function dump(redis: Redis, prefix: string): Promise<string> {
  const keys = await redis.keys(`${prefix}:*`);
  const parts: string[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === 'string') parts.push(String(await redis.get(key)));
    else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
    else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES')));
    else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
    parts.push(key);
  }
  return parts.join('\n');
}

/**
 * A sign-in email whose sending fails and waits to be retried sits in Redis
 * for minutes: nothing in it, nor anywhere under the queue's prefix, is a
 * token that signs anybody in.
 */
describe('no usable secret in Redis', () => {
  let double: SendGridDouble;
  let api: TestApi;
  let ws: TestWorkspace;
  let pipeline: EmailPipeline;
  let redis: Redis;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    double = await SendGridDouble.start();
    api = await startTestApi({ SENDGRID_API_KEY: 'test-key', SENDGRID_API_URL: double.url });
    ws = await createTestWorkspace(api);
    await createClientWithContacts(api, ws, [{ name: 'Tess Target', email: 'tess@client.test' }]);
    // The first attempt fails (SendGrid 500); the retry waits 2 s, long enough to look.
    pipeline = startEmailPipeline(api.context, {
      prefix,
      mailer: createMailer(api.context.config, api.context.pool),
      backoffMs: 2_000,
    });
    redis = new Redis(api.context.config.REDIS_URL);
  });

  afterAll(async () => {
    redis?.disconnect();
    await pipeline?.stopAndClean();
    await api?.stop();
    await double?.stop();
  });

  it('a pending sign-in job holds no token that signInWithLoginLink accepts', async () => {
    double.answerNext(500);
    const asked = await api.gql(
      'mutation($s: String!, $e: String!) { requestLoginLink(slug: $s, email: $e) }',
      {
        s: ws.slug,
        e: 'tess@client.test',
      },
    );
    expect(asked).toEqual({ data: { requestLoginLink: true } });
    await double.waitForRequests(1);
    const [job] = await waitFor(async () => {
      const delayed = await pipeline.emailQueue.queue.getJobs(['delayed']);
      return delayed.length ? delayed : null;
    }, 'the job to wait for its retry');
    expect(job.data.kind).toBe('sign-in');
    const snapshot = await dump(redis, prefix);
    expect(snapshot).toContain(job.id!);
    expect(snapshot).not.toMatch(/auth\?token=/);

    // Whatever in it looks like a token signs nobody in.
    const candidates = [...new Set(snapshot.match(/[A-Za-z0-9_-]{32,}/g) ?? [])];
    expect(candidates.length).toBeGreaterThan(0);
    for (const candidate of candidates) {
      const tried = await api.gql(SIGN_IN, { t: candidate });
      expect(tried.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(job.data).toHaveProperty('sealedLink');

    // The retry sends the real link; it was never in the snapshot, and it works.
    await double.waitForRequests(2, 15_000);
    const mail = double.mails[1];
    const text = mail.content.find((c: { type: string }) => c.type === 'text/plain').value as string;
    const token = decodeURIComponent(/auth\?token=([\w%-]+)/.exec(text)![1]);
    expect(snapshot).not.toContain(token);
    expect(await api.gql(SIGN_IN, { t: token })).toEqual({
      data: { signInWithLoginLink: { contact: { email: 'tess@client.test' } } },
    });
    // And once sent, not even the sealed link stays in the job.
    await waitFor(
      async () => (await pipeline.emailQueue.queue.getJobs(['completed'])).length === 1,
      'completed',
    );
    const [done] = await pipeline.emailQueue.queue.getJobs(['completed']);
    expect(done.data).not.toHaveProperty('sealedLink');
  }, 40_000);

  it('a sealed link does not open in another job (another recipient)', async () => {
    const { EmailSeal } = await import('./email.seal');
    const seal = new EmailSeal();
    const sealed = await seal.seal('http://x/p/s/auth?token=abc', 'w|e|tess@client.test', api.context.pool);
    expect(await seal.open(sealed, 'w|e|tess@client.test', api.context.pool)).toBe(
      'http://x/p/s/auth?token=abc',
    );
    expect(await seal.open(sealed, 'w|e|mallory@evil.test', api.context.pool)).toBeNull();
    const [v, iv, body, tag] = sealed.split('.');
    const flipped = `${v}.${iv}.${body.slice(0, -2)}${body.endsWith('A') ? 'B' : 'A'}${body.slice(-1)}.${tag}`;
    expect(await seal.open(flipped, 'w|e|tess@client.test', api.context.pool)).toBeNull();
    // A second process (its own EmailSeal) opens it: the key is the database's, not the process's.
    expect(await new EmailSeal().open(sealed, 'w|e|tess@client.test', api.context.pool)).toBe(
      'http://x/p/s/auth?token=abc',
    );
  });
});
