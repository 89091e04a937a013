import { serverAudits } from 'graphql-http';
import { createTestWorkspace, startTestApi, type TestApi } from '../test/api.harness';

/** GET is refused on purpose (CSRF prevention, ARCHITECTURE.md): these MAYs stay unmet. */
const GET_IS_REFUSED = [
  'MAY accept application/x-www-form-urlencoded formatted GET requests',
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
  'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
];

/**
 * The GraphQL-over-HTTP spec's own audit (graphql-http's serverAudits) against
 * the real API in production mode, as a member (the audit introspects, which
 * in production is for members only): every MUST and every SHOULD holds.
 */
describe('GraphQL over HTTP: the spec audit', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startTestApi({ NODE_ENV: 'production' });
    token = (await createTestWorkspace(api)).token;
  });
  afterAll(() => api.stop());

  const audits = serverAudits({
    url: () => `${api.url}/graphql`,
    fetchFn: (input: string, init: RequestInit = {}) =>
      fetch(input, { ...init, headers: { ...(init.headers as object), authorization: `Bearer ${token}` } }),
  });

  it('has the MUSTs and SHOULDs it had when this test was written', () => {
    expect(audits.filter((audit) => audit.name.startsWith('MUST')).length).toBe(13);
    expect(audits.filter((audit) => audit.name.startsWith('SHOULD')).length).toBe(23);
  });

  it.each(audits.map((audit) => [audit.name, audit] as const))('%s', async (name, audit) => {
    const result = await audit.fn();
    const reason = 'reason' in result ? result.reason : undefined;
    if (GET_IS_REFUSED.includes(name))
      expect({ status: result.status, reason }).toEqual({
        status: 'notice',
        reason: 'Response status code is not 200',
      });
    else expect({ status: result.status, reason }).toEqual({ status: 'ok', reason: undefined });
  });
});
