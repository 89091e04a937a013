import { startTestApi, ok, createTestWorkspace, type TestApi, type TestWorkspace } from '../test/api.harness';
import { waitFor } from '../test/email.fixture';
import { TestRedisServer } from '../test/redis-server';
import { SendGridDouble } from '../test/sendgrid.double';
import { startWorker, type RunningWorker } from '../worker.server';

const REQUEST = 'mutation($s: String!, $e: String!) { requestLoginLink(slug: $s, email: $e) }';
const SIGN_IN =
  'mutation($t: String!) { signInWithLoginLink(token: $t) { contact { email } client { name } } }';

/** The whole way, with a Redis of its own that the test stops and starts: the mutation, the log, the dispatcher, BullMQ, the worker, SendGrid. */
describe('a sign-in link by email, end to end', () => {
  let sendgrid: SendGridDouble;
  let redis: TestRedisServer;
  let api: TestApi;
  let ws: TestWorkspace;
  let worker: RunningWorker;

  beforeAll(async () => {
    sendgrid = await SendGridDouble.start();
    redis = await TestRedisServer.start();
    api = await startTestApi({
      REDIS_URL: redis.url,
      PUBLIC_URL: 'https://portal.example.test',
      SENDGRID_API_KEY: 'test-key',
      SENDGRID_API_URL: sendgrid.url,
      EMAIL_FROM: 'portal@studio.test',
    });
    ws = await createTestWorkspace(api);
    ok(
      await api.gql(
        `mutation { createClient(input: { name: "Smith & Co", contacts: [{ name: "John Smith", email: "john@smith.test" }, { name: "Jane Smith", email: "jane@smith.test" }] }) { id } }`,
        {},
        ws.token,
      ),
    );
    worker = startWorker(api.context, { runner: { idleMs: 20, standbyMs: 100 } });
  });
  afterAll(async () => {
    await worker.stop();
    await api.context.emailQueue.obliterate({ force: true }).catch(() => undefined);
    await api.stop();
    await redis.stop();
    await sendgrid.stop();
  });

  it('requestLoginLink sends one SendGrid message whose link signs the contact in', async () => {
    ok(await api.gql(REQUEST, { s: ws.slug, e: 'John@Smith.test' }));
    const [request] = await sendgrid.waitForRequests(1);
    expect(request.path).toBe('/v3/mail/send');
    expect(request.headers.authorization).toBe('Bearer test-key');
    const message = JSON.stringify(request.body);
    expect(message).toContain('john@smith.test');
    const link = new RegExp(`https://portal\\.example\\.test/p/${ws.slug}/auth\\?token=([\\w-]{43})`).exec(
      message,
    );
    expect(link).not.toBeNull();
    const content = request.body.content as { type: string; value: string }[];
    for (const part of content) expect(part.value).toContain(`/p/${ws.slug}/auth?token=${link![1]}`);
    const response = await api.post(SIGN_IN, { t: link![1] });
    expect(ok((await response.json()) as never)).toEqual({
      signInWithLoginLink: { contact: { email: 'john@smith.test' }, client: { name: 'Smith & Co' } },
    });
    expect(response.headers.get('set-cookie')).toMatch(/; Secure/); // PUBLIC_URL is https
  });

  it('returnTo: the link comes back to the page the person was going to; a path elsewhere is refused and sends nothing', async () => {
    const before = sendgrid.requests.length;
    const page = `/p/${ws.slug}/invoices/6f1d2c3b-4a59-4e68-8f7a-0b1c2d3e4f50?tab=x`;
    ok(
      await api.gql(
        'mutation($s: String!, $e: String!, $r: String) { requestLoginLink(slug: $s, email: $e, returnTo: $r) }',
        { s: ws.slug, e: 'john@smith.test', r: page },
      ),
    );
    const requests = await sendgrid.waitForRequests(before + 1);
    const text = (requests[before].body.content as { type: string; value: string }[])[0].value;
    expect(text).toMatch(
      new RegExp(
        `/p/${ws.slug}/auth\\?token=[\\w-]{43}&next=${encodeURIComponent(page).replace(/[?]/g, '\\?')}`,
      ),
    );
    for (const elsewhere of [
      'https://evil.test/p/x',
      `//evil.test/p/${ws.slug}/`,
      `/p/other-slug/projects`,
      `/p/${ws.slug}/login`,
    ]) {
      const refused = await api.gql(
        'mutation($s: String!, $e: String!, $r: String) { requestLoginLink(slug: $s, email: $e, returnTo: $r) }',
        { s: ws.slug, e: 'john@smith.test', r: elsewhere },
      );
      expect(refused.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'returnTo' });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sendgrid.requests.length).toBe(before + 1);
  });

  it('with Redis down, requestLoginLink still answers true, and the email goes out once Redis is back', async () => {
    const before = sendgrid.requests.length;
    await redis.stop();
    const started = Date.now();
    expect(ok(await api.gql(REQUEST, { s: ws.slug, e: 'jane@smith.test' })).requestLoginLink).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    const { rows } = await api.db.owner.query('SELECT count(*)::int AS n FROM email_outbox');
    expect(rows[0].n).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sendgrid.requests.length).toBe(before);
    await redis.start();
    const requests = await sendgrid.waitForRequests(before + 1, 30_000);
    expect(JSON.stringify(requests[before].body)).toContain('jane@smith.test');
    await waitFor(
      async () => (await api.db.owner.query('SELECT count(*)::int AS n FROM email_outbox')).rows[0].n === 0,
      'the outbox to empty',
    );
  });
});
