import {
  createTestWorkspace,
  errorCode,
  ok,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../test/api.harness';
import { createClientWithContacts } from '../test/email.fixture';

const START = 'mutation($c: ID!) { startPortalPreview(contactId: $c) { url expiresAt } }';
const VIEWER = `{ viewer { ... on ContactViewer { contact { id name } client { id } previewBy } } }`;

/**
 * A member sees the portal as a contact sees it: the token reads as that
 * contact, read-only, records nothing and signs nobody in; it is a member's
 * to make, for their own workspace's contacts only.
 */
describe("a member's preview of the portal as a contact", () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let now = new Date();
  let jane: { id: string };
  let clientId: string;

  const asPreview = (token: string, query: string, variables: Record<string, unknown> = {}) =>
    fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-portal-preview': token },
      body: JSON.stringify({ query, variables }),
    }).then((response) => response.json() as Promise<any>);
  const tokenOf = (url: string) => new URL(url).hash.replace(/^#token=/, '');

  beforeAll(async () => {
    api = await startTestApi({ PUBLIC_URL: 'http://portal.preview.test' }, () => now);
    ws = await createTestWorkspace(api);
    other = await createTestWorkspace(api, 'Otto Other');
    const client = await createClientWithContacts(api, ws, [
      { name: 'Jane Smith', email: 'jane@preview.test' },
    ]);
    clientId = client.clientId;
    jane = client.contacts[0];
    ok(
      await api.gql(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Site" }) { id } }`,
        { c: clientId },
        ws.token,
      ),
    );
  });
  afterAll(() => api.stop());

  it('reads as the contact, clearly marked, with the token in the fragment of a portal address', async () => {
    const { url, expiresAt } = ok(await api.gql(START, { c: jane.id }, ws.token)).startPortalPreview;
    expect(url).toMatch(new RegExp(`^http://portal\\.preview\\.test/p/${ws.slug}/preview#token=[\\w-]{43}$`));
    expect(new Date(expiresAt).getTime() - now.getTime()).toBe(3600_000);
    const token = tokenOf(url);
    const viewer = (await asPreview(token, VIEWER)).data.viewer;
    expect(viewer).toEqual({
      contact: { id: jane.id, name: 'Jane Smith' },
      client: { id: clientId },
      previewBy: 'Ava Owner',
    });
    const projects = (await asPreview(token, '{ projects { name } }')).data.projects;
    expect(projects).toEqual([{ name: 'Site' }]);
  });

  it('is read-only: every mutation is refused, and nothing is recorded as the contact, not even a sign-in', async () => {
    const token = tokenOf(ok(await api.gql(START, { c: jane.id }, ws.token)).startPortalPreview.url);
    const before = (await api.db.owner.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n;
    for (const query of [
      'mutation { signOut }',
      `mutation($p: ID!) { createTask(input: { projectId: $p, title: "x" }) { id } }`,
      `mutation($p: ID!) { postMessage(projectId: $p, body: "Written in a preview") { id } }`,
      `mutation($p: ID!) { requestUpload(input: { purpose: PROJECT_DOCUMENT, projectId: $p, fileName: "a.pdf", contentType: "application/pdf", size: 10 }) { uploadId } }`,
    ]) {
      const answer = await asPreview(token, query, { p: '00000000-0000-4000-8000-000000000000' });
      expect(answer.errors[0]).toMatchObject({
        message: expect.stringMatching(/read-only/),
        extensions: { code: 'FORBIDDEN' },
      });
      expect(answer.data ?? null).toBeNull();
    }
    expect((await api.db.owner.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n).toBe(before);
    const { rows } = await api.db.owner.query('SELECT last_signed_in_at FROM contacts WHERE id = $1', [
      jane.id,
    ]);
    expect(rows[0].last_signed_in_at).toBeNull();
    expect((await api.db.owner.query('SELECT count(*)::int AS n FROM contact_sessions')).rows[0].n).toBe(0);
  });

  it('ends after an hour, with the contact or the client, and a forged token is nobody', async () => {
    const token = tokenOf(ok(await api.gql(START, { c: jane.id }, ws.token)).startPortalPreview.url);
    expect((await asPreview(`${token}x`, VIEWER)).data.viewer).toBeNull();
    const start = now;
    try {
      now = new Date(start.getTime() + 61 * 60_000);
      expect((await asPreview(token, VIEWER)).data.viewer).toBeNull();
    } finally {
      now = start;
    }
    ok(await api.gql(`mutation($id: ID!) { archiveClient(id: $id) { id } }`, { id: clientId }, ws.token));
    expect((await asPreview(token, VIEWER)).data.viewer).toBeNull();
    expect((await api.gql(START, { c: jane.id }, ws.token)).errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'contactId',
    });
    ok(await api.gql(`mutation($id: ID!) { unarchiveClient(id: $id) { id } }`, { id: clientId }, ws.token));
  });

  it("is a member's to make, and of their own workspace's contacts only", async () => {
    expect(errorCode(await api.gql(START, { c: jane.id }, other.token))).toBe('NOT_FOUND');
    expect(errorCode(await api.gql(START, { c: 'nope' }, ws.token))).toBe('NOT_FOUND');
    expect(errorCode(await api.gql(START, { c: jane.id }))).toBe('UNAUTHENTICATED');
    const token = tokenOf(ok(await api.gql(START, { c: jane.id }, ws.token)).startPortalPreview.url);
    expect(errorCode(await asPreview(token, START, { c: jane.id }))).toBe('FORBIDDEN');
  });
});
