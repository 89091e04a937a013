import {
  createTestWorkspace,
  ok,
  signInAsContact,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../test/api.harness';
import { createClientWithContacts, waitFor } from '../test/email.fixture';

const VIEWER = `{ viewer { __typename ... on ContactViewer { contact { name } } ... on MemberViewer { member { name role } } } }`;

let api: TestApi;
let ws: TestWorkspace;

beforeAll(async () => {
  api = await startTestApi();
  ws = await createTestWorkspace(api);
  const cache = api.context.services.credentials;
  await waitFor(async () => {
    cache.set('probe', true);
    return cache.size > 0;
  }, 'the credential cache listening');
  cache.clear();
});

afterAll(async () => {
  await api.stop();
});

async function contact(email: string, name = 'Cora Contact') {
  const { clientId, contacts } = await createClientWithContacts(api, ws, [{ name, email }]);
  const { cookie } = await signInAsContact(api, ws.slug, email);
  return { clientId, contactId: contacts[0].id, cookie };
}

const viewerName = async (as: { cookie: string } | string) =>
  (await api.gql(VIEWER, {}, as)).data?.viewer?.contact?.name ?? null;

test('a session checked once is answered from memory until something changes', async () => {
  const { cookie } = await contact('kept@client.test', 'Kept Contact');
  const cache = api.context.services.credentials;
  expect(await viewerName({ cookie })).toBe('Kept Contact');
  const hits = cache.hits;
  expect(await viewerName({ cookie })).toBe('Kept Contact');
  expect(await viewerName({ cookie })).toBe('Kept Contact');
  expect(cache.hits - hits).toBe(2);
});

test('a change made by another process (another connection) is heard when it commits, and the session is read afresh', async () => {
  const { contactId, cookie } = await contact('other@client.test', 'Other Contact');
  expect(await viewerName({ cookie })).toBe('Other Contact');
  expect(api.context.services.credentials.size).toBeGreaterThan(0);
  // Not yet committed: nothing heard, the session still stands.
  const owner = await api.db.owner.connect();
  try {
    await owner.query('BEGIN');
    await owner.query('UPDATE contact_sessions SET ended_at = now() WHERE contact_id = $1', [contactId]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(api.context.services.credentials.size).toBeGreaterThan(0);
    expect(await viewerName({ cookie })).toBe('Other Contact');
    await owner.query('COMMIT');
  } finally {
    owner.release();
  }
  await waitFor(async () => api.context.services.credentials.size === 0, 'the notification');
  const answer = await api.gql(VIEWER, {}, { cookie });
  expect(answer.data?.viewer ?? null).toBeNull();
});

test("a mutation of this process that ends a contact's access is seen by the very next request", async () => {
  const { clientId, cookie } = await contact('removed@client.test', 'Removed Contact');
  expect(await viewerName({ cookie })).toBe('Removed Contact');
  for (let i = 0; i < 5; i++) {
    const again = await contact(`again${i}@client.test`, `Again ${i}`);
    expect(await viewerName({ cookie: again.cookie })).toBe(`Again ${i}`);
    ok(
      await api.gql(
        'mutation($c: ID!) { removeContact(contactId: $c) { id } }',
        { c: again.contactId },
        ws.token,
      ),
    );
    expect((await api.gql(VIEWER, {}, { cookie: again.cookie })).data?.viewer ?? null).toBeNull();
  }
  ok(await api.gql('mutation($id: ID!) { archiveClient(id: $id) { id } }', { id: clientId }, ws.token));
  expect((await api.gql(VIEWER, {}, { cookie })).data?.viewer ?? null).toBeNull();
});

test('a revoked API token is refused at once, though it was answered from memory before', async () => {
  const created = ok(
    await api.gql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      'mutation { createApiToken(name: "cache") { token apiToken { id } } }',
      {},
      ws.token,
    ),
  ).createApiToken;
  const asToken = async () => (await api.gql(VIEWER, {}, created.token)).data?.viewer?.member ?? null;
  expect((await asToken())?.role).toBe('OWNER');
  expect((await asToken())?.role).toBe('OWNER');
  ok(await api.gql('mutation($id: ID!) { revokeApiToken(id: $id) }', { id: created.apiToken.id }, ws.token));
  expect(await asToken()).toBeNull();
});

test('while the listening connection is away nothing is kept; it comes back by itself', async () => {
  const { cookie } = await contact('away@client.test', 'Away Contact');
  const cache = api.context.services.credentials;
  expect(await viewerName({ cookie })).toBe('Away Contact');
  expect(cache.size).toBeGreaterThan(0);
  const { rows } = await api.db.owner.query(
    `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
     WHERE datname = current_database() AND query LIKE 'LISTEN portal_credentials%'`,
  );
  expect(rows).toEqual([{ ended: true }]);
  await waitFor(async () => cache.size === 0, 'the cache emptied');
  // Away or back: the answer is the database's either way.
  expect(await viewerName({ cookie })).toBe('Away Contact');
  await waitFor(async () => {
    await viewerName({ cookie });
    return cache.size > 0;
  }, 'listening again');
  const hits = cache.hits;
  expect(await viewerName({ cookie })).toBe('Away Contact');
  expect(cache.hits).toBe(hits + 1);
});
