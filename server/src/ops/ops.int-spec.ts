import { createClientWithContacts } from '../test/email.fixture';
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

    it('is not served to callers from elsewhere (relayed by a local proxy)', async () => {
      const response = await fetch(`${api.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(response.status).toBe(404);
    });
  });

  describe('/admin/queues', () => {
    it('refuses callers without credentials or with dead ones', async () => {
      expect((await fetch(`${api.url}/admin/queues`)).status).toBe(401);
      expect(
        (await fetch(`${api.url}/admin/queues`, { headers: { authorization: 'Bearer nope' } })).status,
      ).toBe(401);
      expect((await fetch(`${api.url}/admin/queues?token=nope`, { redirect: 'manual' })).status).toBe(401);
      expect((await fetch(`${api.url}/admin/queues/api/queues`)).status).toBe(401);
    });

    it("refuses a contact's session", async () => {
      await createClientWithContacts(api, ws, [{ name: 'Cleo Contact', email: 'cleo@ops.test' }]);
      const session = await signInAsContact(api, ws.slug, 'cleo@ops.test');
      const response = await fetch(`${api.url}/admin/queues`, { headers: { cookie: session.cookie } });
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('bull');
    });

    it('serves the dashboard to a member, by bearer token or by ?token= then cookie', async () => {
      const byBearer = await fetch(`${api.url}/admin/queues`, {
        headers: { authorization: `Bearer ${ws.token}` },
      });
      expect(byBearer.status).toBe(200);
      expect(byBearer.headers.get('content-type')).toMatch(/text\/html/);
      expect(await byBearer.text()).toMatch(/<title>Bull Dashboard<\/title>/);

      const signIn = await fetch(`${api.url}/admin/queues?token=${encodeURIComponent(ws.token)}`, {
        redirect: 'manual',
      });
      expect(signIn.status).toBe(303);
      expect(signIn.headers.get('location')).toBe('/admin/queues');
      const setCookie = signIn.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^portal_admin=/);
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Strict/i);
      expect(setCookie).toMatch(/Path=\/admin/);
      const cookie = setCookie.split(';')[0];

      const page = await fetch(`${api.url}/admin/queues`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<title>Bull Dashboard<\/title>/);
      const queues = await fetch(`${api.url}/admin/queues/api/queues`, { headers: { cookie } });
      expect(queues.status).toBe(200);
      const names = ((await queues.json()) as { queues: { name: string }[] }).queues.map((q) => q.name);
      expect(names).toEqual(expect.arrayContaining(['emails', 'file-purge', 'invoice-reminders']));
    });
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
