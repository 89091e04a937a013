import { createClientWithContacts } from '../test/email.fixture';
import {
  createTestWorkspace,
  ok,
  signInAsContact,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../test/api.harness';
import { captureLogs } from '../test/log.capture';
import { GRAPHQL_LIMITS } from './graphql.server';

describe('GraphQL over HTTP: guards and limits', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.token}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    api = await startTestApi({ NODE_ENV: 'production' });
    ws = await createTestWorkspace(api);
  });
  afterAll(() => api.stop());

  it('CSRF prevention: a simple GET or a form-encoded POST is refused', async () => {
    const get = await fetch(`${api.url}/graphql?query=${encodeURIComponent('{ viewer { __typename } }')}`);
    expect(get.status).toBe(400);
    const form = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(form.status).toBe(400);
  });

  it('batched requests are off', async () => {
    const response = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(response.status).toBe(400);
  });

  it(`refuses a query deeper than ${GRAPHQL_LIMITS.maxDepth}`, async () => {
    const nested = (levels: number): string =>
      levels === 0 ? 'id' : `client { projects { ${nested(levels - 1)} } }`;
    const deep = `{ projects { ${nested(5)} } }`;
    const body = (await (await post({ query: deep })).json()) as any;
    expect(body.errors[0].message).toMatch(/depth/i);
    expect(body.data).toBeUndefined();
  });

  it(`refuses more than ${GRAPHQL_LIMITS.maxAliases} aliases`, async () => {
    const aliases = Array.from(
      { length: GRAPHQL_LIMITS.maxAliases + 1 },
      (_, i) => `a${i}: clients { id }`,
    ).join(' ');
    const body = (await (await post({ query: `{ ${aliases} }` })).json()) as any;
    expect(body.errors[0].message).toMatch(/alias/i);
  });

  it('in production an internal error is masked: no stack, no SQL', async () => {
    await api.db.owner.query('ALTER TABLE clients RENAME TO clients_gone');
    try {
      const body = (await (await post({ query: '{ clients { id } }' })).json()) as any;
      expect(body.errors[0]).toEqual({
        message: 'Internal server error',
        locations: expect.any(Array),
        path: ['clients'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(JSON.stringify(body)).not.toMatch(/clients_gone|relation|stack|\.ts/);
    } finally {
      await api.db.owner.query('ALTER TABLE clients_gone RENAME TO clients');
    }
  });

  it('refused input keeps its code and field in production', async () => {
    const body = (await (
      await post({ query: 'mutation { updateBranding(input: { accentColor: "blue" }) { id } }' })
    ).json()) as any;
    expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.accentColor' });
  });

  it('a browser asking GET /graphql gets the bundled playground, which loads nothing from elsewhere', async () => {
    const page = await fetch(`${api.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/GraphQL playground/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1])
      .filter((url) => !url.startsWith('data:'));
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset.startsWith('/graphql/playground/')).toBe(true);
      expect((await fetch(`${api.url}${asset}`)).status).toBe(200);
    }
    expect(ok(await api.gql('{ __typename }')).__typename).toBe('Query');
  });
});

describe('GraphQL over HTTP in production: refusals before execution, introspection, cookies', () => {
  const logs = captureLogs('info');
  let api: TestApi;
  let ws: TestWorkspace;
  let contactCookie: string;
  const post = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.77', ...headers },
      body: JSON.stringify({ query }),
    });

  beforeAll(async () => {
    api = await startTestApi({ NODE_ENV: 'production' }, undefined, 0, { logger: logs.logger });
    ws = await createTestWorkspace(api);
    await createClientWithContacts(api, ws, [{ name: 'Ivy Contact', email: 'ivy@guards.test' }]);
    contactCookie = (await signInAsContact(api, ws.slug, 'ivy@guards.test')).cookie;
  });
  afterAll(() => api.stop());

  it('a syntax error is a parse failure (200 under application/json, 400 under graphql-response+json), logged below error', async () => {
    logs.lines.length = 0;
    const json = await post('{ viewer {');
    expect(json.status).toBe(200);
    const body = (await json.json()) as any;
    expect(body.data).toBeUndefined();
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const strict = await post('{ viewer {', { accept: 'application/graphql-response+json' });
    expect(strict.status).toBe(400);
    expect(strict.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(logs.lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
    expect(JSON.stringify(logs.lines)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it("an internal error is masked in the answer and logged once, with the request's id, the operation and the path", async () => {
    logs.lines.length = 0;
    await api.db.owner.query('ALTER TABLE clients RENAME TO clients_gone');
    try {
      const response = await post('query GuardsClients { clients { id } }', {
        authorization: `Bearer ${ws.token}`,
        'x-request-id': 'guards-internal-1',
      });
      const body = (await response.json()) as any;
      expect(body.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(body)).not.toMatch(/clients_gone|relation/);
      const failed = logs.lines.filter((line) => line.level === 50);
      expect(failed).toEqual([
        expect.objectContaining({
          msg: 'GraphQL: internal error',
          requestId: 'guards-internal-1',
          operation: 'GuardsClients',
          path: ['clients'],
          err: expect.objectContaining({
            message: expect.stringMatching(/relation "clients" does not exist/),
          }),
        }),
      ]);
      expect((failed[0].err as { stack: string }).stack).toMatch(/error: relation/);
    } finally {
      await api.db.owner.query('ALTER TABLE clients_gone RENAME TO clients');
    }
    // A refusal is the caller's to read, not an internal error: nothing more at error.
    const refused = (await (
      await post('mutation { updateBranding(input: { accentColor: "blue" }) { id } }', {
        authorization: `Bearer ${ws.token}`,
      })
    ).json()) as any;
    expect(refused.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(logs.lines.filter((line) => line.level === 50)).toHaveLength(1);
  });

  it('a document over 2,000 tokens is refused as a parse failure', async () => {
    const many = `{ ${Array.from({ length: 2100 }, () => '__typename').join(' ')} }`;
    const body = (await (await post(many)).json()) as any;
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors[0].message).toMatch(/tokens/);
  });

  it('introspection is for members: anonymous callers and contacts are refused, members answered', async () => {
    const schema = '{ __schema { queryType { name } } }';
    for (const headers of [{}, { cookie: contactCookie }] as Record<string, string>[]) {
      const body = (await (await post(schema, headers)).json()) as any;
      expect(body.data).toBeUndefined();
      expect(body.errors[0].message).toMatch(/members/);
      const type = (await (await post('{ __type(name: "Query") { name } }', headers)).json()) as any;
      expect(type.data).toBeUndefined();
    }
    const member = (await (await post(schema, { authorization: `Bearer ${ws.token}` })).json()) as any;
    expect(member).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    expect((await (await post('{ __typename }')).json()) as any).toEqual({ data: { __typename: 'Query' } });
  });

  it('no field suggestions, nor a trace of one', async () => {
    const body = (await (await post('{ projectz { id } }')).json()) as any;
    expect(body.errors[0].message).toBe('Cannot query field "projectz" on type "Query".');
  });

  it('a malformed cookie is nobody, never a 500: /graphql, the PDF route, the dashboard', async () => {
    const cookie = 'portal_session=%E0%A4%A';
    const graphql = await post('{ viewer { __typename } }', { cookie });
    expect(graphql.status).toBe(200);
    expect(await graphql.json()).toEqual({ data: { viewer: null } });
    const pdf = await fetch(`${api.url}/invoices/00000000-0000-4000-8000-000000000000.pdf`, {
      headers: { cookie },
    });
    expect(pdf.status).toBe(404);
    const queues = await fetch(`${api.url}/admin/queues`, {
      headers: { cookie, 'x-forwarded-for': '203.0.113.78' },
    });
    expect(queues.status).toBe(403);
  });
});
