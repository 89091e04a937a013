import { createClientWithContacts } from '../test/email.fixture';
import { captureLogs } from '../test/log.capture';
import {
  createTestWorkspace,
  ok,
  signInAsContact,
  startTestApi,
  type TestApi,
  type TestWorkspace,
  type GraphQLResult,
} from '../test/api.harness';

const UPDATE_BRANDING = `mutation UpdateBrandingForOps($input: BrandingInput!) { updateBranding(input: $input) { branding { companyName } } }`;

/** POST /graphql straight from this machine (no X-Forwarded-For). */
function postGraphQL(api: TestApi, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('operations: request ids, /metrics, /admin/queues', () => {
  let api: TestApi;
  let ws: TestWorkspace;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createTestWorkspace(api);
  });
  afterAll(async () => {
    await api?.stop();
  });

  describe('request ids', () => {
    it('echoes a sane x-request-id and uses it as the correlation id of the events it causes', async () => {
      const response = await postGraphQL(
        api,
        { query: UPDATE_BRANDING, variables: { input: { companyName: 'Ops Studio' } } },
        { authorization: `Bearer ${ws.token}`, 'x-request-id': 'test-123' },
      );
      expect(response.headers.get('x-request-id')).toBe('test-123');
      ok((await response.json()) as GraphQLResult);
      const { rows } = await api.db.owner.query(
        `SELECT metadata FROM es_events WHERE metadata->>'correlationId' = 'test-123'`,
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows[0].metadata.correlationId).toBe('test-123');
    });

    it('logs each request once when it finishes: its id, method, path without the query, status and time', async () => {
      const logs = captureLogs('info');
      const logged = await startTestApi({}, undefined, 0, { logger: logs.logger });
      try {
        const response = await fetch(`${logged.url}/healthz?token=secret`, {
          headers: { 'x-request-id': 'log-1' },
        });
        expect(response.status).toBe(200);
        await postGraphQL(logged, { query: '{ __typename }' }, { 'x-request-id': 'log-2' });
        const lineOf = (id: string) => logs.lines.filter((line) => line.requestId === id);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(lineOf('log-1')).toEqual([
          expect.objectContaining({
            level: 30,
            msg: 'GET /healthz 200',
            req: { method: 'GET', path: '/healthz' },
            res: { status: 200 },
            ms: expect.any(Number),
          }),
        ]);
        expect(JSON.stringify(logs.lines)).not.toContain('secret');
        expect(lineOf('log-2')).toEqual([expect.objectContaining({ msg: 'POST /graphql 200' })]);
      } finally {
        await logged.stop();
      }
    });

    it('makes an id when there is none or it is not sane', async () => {
      const none = await fetch(`${api.url}/healthz`);
      expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const bad = await fetch(`${api.url}/healthz`, { headers: { 'x-request-id': 'a b<script>' } });
      expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('/metrics', () => {
    it('shows latency, GraphQL operations and errors, queue depths and processor lag', async () => {
      ok(
        (await (await postGraphQL(api, { query: 'query OpsProbe { __typename }' })).json()) as GraphQLResult,
      );
      await postGraphQL(api, { query: 'query OpsBroken { noSuchField }' });
      // A checkpoint at the log's start: every event so far is its lag.
      await api.db.owner.query(`INSERT INTO es_checkpoints (processor) VALUES ('ops-test-processor')`);

      const response = await fetch(`${api.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(text).toMatch(
        /portal_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} \d+/,
      );
      expect(text).toMatch(/portal_graphql_operations_total\{operation="OpsProbe",type="query"\} 1/);
      expect(text).toMatch(
        /portal_graphql_errors_total\{operation="OpsBroken",code="GRAPHQL_VALIDATION_FAILED"\} 1/,
      );
      expect(text).toMatch(/portal_queue_jobs\{queue="emails",state="waiting"\} \d+/);
      expect(text).toMatch(/portal_queue_jobs\{queue="file-purge",state="failed"\} \d+/);
      const lag = /portal_processor_lag_events\{processor="ops-test-processor"\} (\d+)/.exec(text);
      expect(lag).not.toBeNull();
      expect(Number(lag![1])).toBeGreaterThan(0);
    });

    it('labels each GraphQL error with its code: UNAUTHENTICATED, BAD_USER_INPUT, NOT_FOUND, not UNKNOWN', async () => {
      const anonymous = (await (
        await postGraphQL(api, {
          query: UPDATE_BRANDING.replace('UpdateBrandingForOps', 'OpsAnonymous'),
          variables: { input: { companyName: 'X' } },
        })
      ).json()) as GraphQLResult;
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const badInput = (await (
        await postGraphQL(
          api,
          {
            query: UPDATE_BRANDING.replace('UpdateBrandingForOps', 'OpsBadColour'),
            variables: { input: { accentColor: 'teal-ish' } },
          },
          { authorization: `Bearer ${ws.token}` },
        )
      ).json()) as GraphQLResult;
      expect(badInput.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const notFound = (await (
        await postGraphQL(
          api,
          {
            query:
              'mutation OpsNoProject { renameProject(id: "00000000-0000-4000-8000-000000000000", name: "x") { id } }',
          },
          { authorization: `Bearer ${ws.token}` },
        )
      ).json()) as GraphQLResult;
      expect(notFound.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

      const badLink = (await (
        await postGraphQL(api, {
          query: 'mutation OpsBadLink { signInWithLoginLink(token: "no-such-token") { contact { id } } }',
        })
      ).json()) as GraphQLResult;
      expect(badLink.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

      const text = await (await fetch(`${api.url}/metrics`)).text();
      expect(text).toMatch(/portal_graphql_errors_total\{operation="OpsBadLink",code="UNAUTHENTICATED"\} 1/);
      expect(text).toMatch(
        /portal_graphql_errors_total\{operation="OpsAnonymous",code="UNAUTHENTICATED"\} 1/,
      );
      expect(text).toMatch(/portal_graphql_errors_total\{operation="OpsBadColour",code="BAD_USER_INPUT"\} 1/);
      expect(text).toMatch(/portal_graphql_errors_total\{operation="OpsNoProject",code="NOT_FOUND"\} 1/);
      expect(text).not.toMatch(/portal_graphql_errors_total\{[^}]*code="UNKNOWN"/);
    });

    it('is not served to callers from elsewhere (relayed by a local proxy), nor to a member', async () => {
      const response = await fetch(`${api.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(response.status).toBe(403);
      const member = await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${ws.token}` } });
      expect(member.status).toBe(401);
    });
  });

  describe('/admin/queues (no OPS_TOKEN: loopback only)', () => {
    const FROM_ELSEWHERE = { 'x-forwarded-for': '203.0.113.50' };

    it('serves the dashboard to the operator on this machine', async () => {
      const page = await fetch(`${api.url}/admin/queues`);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(await page.text()).toMatch(/<title>Bull Dashboard<\/title>/);
      const queues = await fetch(`${api.url}/admin/queues/api/queues`);
      const names = ((await queues.json()) as { queues: { name: string }[] }).queues.map((q) => q.name);
      expect(names).toEqual(expect.arrayContaining(['emails', 'file-purge', 'invoice-reminders']));
    });

    it('a member token gets nothing from any dashboard route, from here or elsewhere, and changes nothing', async () => {
      const as = { authorization: `Bearer ${ws.token}` };
      const attempts: [string, string, Record<string, string>?, string?][] = [
        ['GET', '/admin/queues'],
        ['GET', '/admin/queues/api/queues'],
        ['GET', '/admin/queues/api/queues?activeQueue=emails&status=completed&page=1'],
        ['PUT', '/admin/queues/api/queues/emails/pause'],
        [
          'POST',
          '/admin/queues/api/queues/emails/add',
          { 'content-type': 'application/json' },
          JSON.stringify({ name: 'sign-in', data: { kind: 'sign-in', to: { email: 'x@evil.test' } } }),
        ],
        ['PUT', '/admin/queues/api/queues/emails/clean/completed'],
        ['GET', '/admin/queues/static/images/logo.svg'],
      ];
      for (const [method, path, headers, body] of attempts)
        for (const where of [{}, FROM_ELSEWHERE]) {
          const response = await fetch(`${api.url}${path}`, {
            method,
            headers: { ...as, ...where, ...headers },
            body,
          });
          expect({ method, path, where, status: response.status }).toEqual({
            method,
            path,
            where,
            status: 401,
          });
          expect(await response.text()).not.toMatch(/bull|"queues"/i);
        }
      const queue = api.context.emailQueue;
      expect(await queue.isPaused()).toBe(false);
      expect(await queue.getJobCounts('waiting', 'delayed', 'paused')).toEqual({
        waiting: 0,
        delayed: 0,
        paused: 0,
      });
    });

    it("refuses a contact's session and anonymous callers from elsewhere", async () => {
      await createClientWithContacts(api, ws, [{ name: 'Cleo Contact', email: 'cleo@ops.test' }]);
      const session = await signInAsContact(api, ws.slug, 'cleo@ops.test');
      const contact = await fetch(`${api.url}/admin/queues`, {
        headers: { cookie: session.cookie, ...FROM_ELSEWHERE },
      });
      expect(contact.status).toBe(403);
      expect(await contact.text()).not.toContain('Bull');
      expect((await fetch(`${api.url}/admin/queues/api/queues`, { headers: FROM_ELSEWHERE })).status).toBe(
        403,
      );
      // ?token= was a member's way in once: it is nothing now.
      const query = await fetch(`${api.url}/admin/queues?token=${encodeURIComponent(ws.token)}`, {
        headers: FROM_ELSEWHERE,
        redirect: 'manual',
      });
      expect(query.status).toBe(403);
    });
  });
});

describe('/admin/queues and /metrics with OPS_TOKEN', () => {
  const OPS_TOKEN = 'ops-secret-0123456789abcdef';
  const FROM_ELSEWHERE = { 'x-forwarded-for': '203.0.113.51' };
  let api: TestApi;
  let ws: TestWorkspace;
  beforeAll(async () => {
    api = await startTestApi({ OPS_TOKEN });
    ws = await createTestWorkspace(api);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('serves the operator from elsewhere by Bearer or by Basic (a browser prompts), and nobody else', async () => {
    const bearer = await fetch(`${api.url}/admin/queues/api/queues`, {
      headers: { authorization: `Bearer ${OPS_TOKEN}`, ...FROM_ELSEWHERE },
    });
    expect(bearer.status).toBe(200);
    const basic = await fetch(`${api.url}/admin/queues`, {
      headers: {
        authorization: `Basic ${Buffer.from(`operator:${OPS_TOKEN}`).toString('base64')}`,
        ...FROM_ELSEWHERE,
      },
    });
    expect(basic.status).toBe(200);
    expect(await basic.text()).toMatch(/<title>Bull Dashboard<\/title>/);
    const metrics = await fetch(`${api.url}/metrics`, {
      headers: { authorization: `Bearer ${OPS_TOKEN}`, ...FROM_ELSEWHERE },
    });
    expect(metrics.status).toBe(200);

    const none = await fetch(`${api.url}/admin/queues`, { headers: FROM_ELSEWHERE });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    for (const authorization of [`Bearer ${ws.token}`, 'Bearer ops-secret-0123456789abcdeX', 'Basic Og==']) {
      const refused = await fetch(`${api.url}/admin/queues/api/queues`, {
        headers: { authorization, ...FROM_ELSEWHERE },
      });
      expect(refused.status).toBe(401);
    }
    expect(
      (await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${ws.token}` } })).status,
    ).toBe(401);
  });
});

describe('/metrics while Redis is down', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('still answers, without the queue depths', async () => {
    const response = await fetch(`${api.url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('portal_http_request_duration_seconds');
    expect(text).not.toMatch(/portal_queue_jobs\{/);
  });
});
