import {
  createTestWorkspace,
  errorCode,
  latestSignInToken,
  ok,
  signInAsContact,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../test/api.harness';
import { LINK_USED_OR_EXPIRED } from './contact-session.service';

const VIEWER = `{ viewer { __typename ... on ContactViewer { contact { id name email lastSignedInAt } client { name }
  portal { slug enabled branding { companyName accentColor } } taskSettings { visibility } } } }`;
const REQUEST = 'mutation($s: String!, $e: String!) { requestLoginLink(slug: $s, email: $e) }';
const SIGN_IN = 'mutation($t: String!) { signInWithLoginLink(token: $t) { contact { email } } }';

describe('portal sign-in by email link', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let now = new Date('2026-05-01T09:00:00.000Z');
  let client: { id: string; contacts: { id: string; email: string }[] };
  const member = (query: string, variables: Record<string, unknown> = {}) =>
    api.gql(query, variables, ws.token).then(ok);
  const outboxCount = async () =>
    (await api.db.owner.query('SELECT count(*)::int AS n FROM email_outbox')).rows[0].n;
  const anonymous = async (cookie: { cookie: string }) =>
    ok(await api.gql('{ viewer { __typename } }', {}, cookie)).viewer === null;

  beforeAll(async () => {
    api = await startTestApi({}, () => now);
    ws = await createTestWorkspace(api);
    client = (
      await member(
        `mutation { createClient(input: { name: "Smith & Co", contacts: [{ name: "John Smith", email: "john@smith.test" }, { name: "Jane Smith", email: "jane@smith.test" }] }) { id contacts { id email } } }`,
      )
    ).createClient;
  });
  afterAll(() => api.stop());

  it('portal(slug) tells anyone the branding; an unknown slug is null', async () => {
    const { portal } = ok(
      await api.gql(
        `query($s: String!) { portal(slug: $s) { slug enabled branding { companyName showYourBrand } } }`,
        { s: ws.slug },
      ),
    );
    expect(portal).toEqual({
      slug: ws.slug,
      enabled: true,
      branding: { companyName: expect.stringMatching(/^Studio/), showYourBrand: false },
    });
    expect(ok(await api.gql(`{ portal(slug: "no-such-portal") { slug } }`)).portal).toBeNull();
  });

  it('requestLoginLink answers true in every case, in about the same time, and makes a link only for a live contact', async () => {
    const before = await outboxCount();
    const timed = async (slug: string, email: string) => {
      const started = Date.now();
      expect(ok(await api.gql(REQUEST, { s: slug, e: email })).requestLoginLink).toBe(true);
      return Date.now() - started;
    };
    const known = await timed(ws.slug, 'JOHN@smith.test');
    const unknown = await timed(ws.slug, 'nobody@smith.test');
    const wrongPortal = await timed('no-such-portal', 'john@smith.test');
    expect(await outboxCount()).toBe(before + 1);
    for (const took of [known, unknown, wrongPortal]) expect(took).toBeGreaterThanOrEqual(195);
    expect(Math.abs(known - unknown)).toBeLessThan(150);
    // The token is only in the outbox, never in an event or a read model.
    const token = (await latestSignInToken(api, 'john@smith.test'))!;
    const { rows } = await api.db.owner.query(
      `SELECT count(*)::int AS n FROM es_events WHERE data::text LIKE $1 OR metadata::text LIKE $1`,
      [`%${token}%`],
    );
    expect(rows[0].n).toBe(0);
  });

  it('a link signs in once: an HttpOnly, SameSite=Lax session cookie of 30 days, and the contact as viewer', async () => {
    ok(await api.gql(REQUEST, { s: ws.slug, e: 'jane@smith.test' }));
    const token = (await latestSignInToken(api, 'jane@smith.test'))!;
    const response = await api.post(SIGN_IN, { t: token });
    expect(ok((await response.json()) as GraphQLResult).signInWithLoginLink).toEqual({
      contact: { email: 'jane@smith.test' },
    });
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(
      /^portal_session=[\w-]{43}; Max-Age=2592000; Path=\/; Expires=.*; HttpOnly; SameSite=Lax$/,
    );
    const session = { cookie: cookie.split(';')[0] };
    const { viewer } = ok(await api.gql(VIEWER, {}, session));
    expect(viewer).toMatchObject({
      __typename: 'ContactViewer',
      contact: { name: 'Jane Smith', email: 'jane@smith.test', lastSignedInAt: now.toISOString() },
      client: { name: 'Smith & Co' },
      portal: { slug: ws.slug, enabled: true },
      taskSettings: { visibility: 'OFF' },
    });
    const again = await api.gql(SIGN_IN, { t: token });
    expect(again.errors?.[0]).toMatchObject({
      message: LINK_USED_OR_EXPIRED,
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(errorCode(await api.gql(SIGN_IN, { t: 'made-up' }))).toBe('UNAUTHENTICATED');
  });

  it('an earlier unused link still works after another is requested; a link expires after 15 minutes', async () => {
    ok(await api.gql(REQUEST, { s: ws.slug, e: 'john@smith.test' }));
    const first = (await latestSignInToken(api, 'john@smith.test'))!;
    ok(await api.gql(REQUEST, { s: ws.slug, e: 'john@smith.test' }));
    const second = (await latestSignInToken(api, 'john@smith.test'))!;
    expect(second).not.toBe(first);
    ok(await api.gql(SIGN_IN, { t: first }));
    now = new Date(now.getTime() + 16 * 60_000);
    expect(errorCode(await api.gql(SIGN_IN, { t: second }))).toBe('UNAUTHENTICATED');
  });

  it('signOut ends the session: the next request with the old cookie is anonymous', async () => {
    const session = await signInAsContact(api, ws.slug, 'john@smith.test');
    expect(await anonymous(session)).toBe(false);
    const response = await api.post('mutation { signOut }', {}, session);
    expect(ok((await response.json()) as GraphQLResult).signOut).toBe(true);
    expect(response.headers.get('set-cookie')).toMatch(/^portal_session=;/);
    expect(await anonymous(session)).toBe(true);
  });

  it("contacts never reach members' operations, and a member token is not a contact session", async () => {
    ok(
      await api.gql(
        'mutation($c: ID!) { addContact(clientId: $c, input: { name: "Mo", email: "mo@smith.test" }) { id } }',
        { c: client.id },
        ws.token,
      ),
    );
    const session = await signInAsContact(api, ws.slug, 'mo@smith.test');
    for (const query of [
      '{ clients { id } }',
      '{ events { nodes { id } } }',
      'mutation { createClient(input: { name: "X", contacts: [] }) { id } }',
      'mutation { setPortalEnabled(enabled: false) { id } }',
      'mutation { createApiToken(name: "mine") { token } }',
    ]) {
      expect(errorCode(await api.gql(query, {}, session))).toBe('FORBIDDEN');
    }
    // A member's API token is no session to end (and never a contact's).
    expect(errorCode(await api.gql('mutation { signOut }', {}, ws.token))).toBe('BAD_USER_INPUT');
    expect(await anonymous({ cookie: `portal_session=${ws.token}` })).toBe(true);
  });

  it.each([
    [
      'changeContactEmail',
      (c: typeof client) => [
        'mutation($id: ID!) { changeContactEmail(contactId: $id, email: "john.smith@smith.test") { id } }',
        { id: c.contacts[0].id },
      ],
    ],
    [
      'removeContact',
      (c: typeof client) => [
        'mutation($id: ID!) { removeContact(contactId: $id) { id } }',
        { id: c.contacts[0].id },
      ],
    ],
    [
      'archiveClient',
      (c: typeof client) => ['mutation($id: ID!) { archiveClient(id: $id) { id } }', { id: c.id }],
    ],
    ['setPortalEnabled(false)', () => ['mutation { setPortalEnabled(enabled: false) { id } }', {}]],
  ] as const)('%s ends the sessions and unused links it concerns at once', async (_name, mutation) => {
    const fresh = (
      await member(
        `mutation($e: String!) { createClient(input: { name: "Ends", contacts: [{ name: "Eve", email: $e }] }) { id contacts { id email } } }`,
        { e: `eve-${Date.now()}@ends.test` },
      )
    ).createClient;
    const email = fresh.contacts[0].email;
    const session = await signInAsContact(api, ws.slug, email);
    ok(await api.gql(REQUEST, { s: ws.slug, e: email }));
    const unused = (await latestSignInToken(api, email))!;
    expect(await anonymous(session)).toBe(false);
    const [query, variables] = mutation(fresh);
    await member(query as string, variables as Record<string, unknown>);
    expect(await anonymous(session)).toBe(true);
    expect(errorCode(await api.gql(SIGN_IN, { t: unused }))).toBe('UNAUTHENTICATED');
    if (_name === 'setPortalEnabled(false)') {
      await member('mutation { setPortalEnabled(enabled: true) { id } }');
      expect(await anonymous(session)).toBe(true);
    }
  });

  it('rate limits: 5 links per email and 100 per address in 15 minutes; past them still true, nothing sent', async () => {
    const email = 'jane@smith.test';
    const fromOne = (n: number) => ({ 'x-forwarded-for': `198.51.100.${n}` });
    const request = (e: string, headers: Record<string, string>) =>
      fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: REQUEST, variables: { s: ws.slug, e } }),
      }).then((r) => r.json() as Promise<{ data: { requestLoginLink: boolean } }>);
    const before = await outboxCount();
    for (let i = 0; i < 7; i++) expect((await request(email, fromOne(i))).data.requestLoginLink).toBe(true);
    // This email asked twice before in this file's window, and a new window has not begun.
    expect(await outboxCount()).toBeLessThanOrEqual(before + 5);
    const perEmail = (await outboxCount()) - before;
    const ipBefore = await outboxCount();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => request(`stranger${i}@nowhere.test`, fromOne(200))),
    );
    await request('john.smith@smith.test', fromOne(200));
    expect(await outboxCount()).toBe(ipBefore);
    expect(perEmail).toBeGreaterThan(0);
  });
});
