import { createTestWorkspace, ok, startTestApi, type TestApi, type TestWorkspace } from '../test/api.harness';
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
