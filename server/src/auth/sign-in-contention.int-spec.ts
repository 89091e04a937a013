import { createMailer } from '../integrations/mailer.factory';
import { createTestWorkspace, startTestApi, type TestApi, type TestWorkspace } from '../test/api.harness';
import {
  createClientWithContacts,
  startEmailPipeline,
  testQueuePrefix,
  type EmailPipeline,
  type TestContact,
} from '../test/email.fixture';
import { SendGridDouble } from '../test/sendgrid.double';

const REQUEST = 'mutation($s: String!, $e: String!) { requestLoginLink(slug: $s, email: $e) }';
const SIGN_IN = 'mutation($t: String!) { signInWithLoginLink(token: $t) { contact { email } } }';
const PUBLIC_URL = 'http://portal.contention.test';

/** Everyone from one address, as an office behind one NAT. */
async function post(api: TestApi, query: string, variables: object, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.77', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { cookie: response.headers.get('set-cookie'), body: (await response.json()) as any };
}

function linkIn(mail: any): string {
  const text = mail.content.find((c: { type: string }) => c.type === 'text/plain').value as string;
  return decodeURIComponent(/auth\?token=([\w%-]+)/.exec(text)![1]);
}

/**
 * Contacts of one client ask for links and press them at once: every one gets
 * an email and a session (sign-ins have a stream per contact, so they never
 * contend on the client's), and an archive racing with sign-ins leaves no
 * session alive.
 */
describe('sign-ins of many contacts of one client at once', () => {
  let double: SendGridDouble;
  let api: TestApi;
  let ws: TestWorkspace;
  let pipeline: EmailPipeline;

  beforeAll(async () => {
    double = await SendGridDouble.start();
    api = await startTestApi({ SENDGRID_API_KEY: 'test-key', SENDGRID_API_URL: double.url, PUBLIC_URL });
    ws = await createTestWorkspace(api);
    pipeline = startEmailPipeline(api.context, {
      prefix: testQueuePrefix(),
      mailer: createMailer(api.context.config, api.context.pool),
    });
  });

  afterAll(async () => {
    await pipeline?.stopAndClean();
    await api?.stop();
    await double?.stop();
  });

  const contactsOf = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) => ({ name: `Person ${tag}${i}`, email: `p${i}.${tag}@client.test` }));

  async function askAll(contacts: TestContact[]): Promise<Map<string, string>> {
    double.reset();
    const answers = await Promise.all(
      contacts.map((c) => post(api, REQUEST, { s: ws.slug, e: c.email }).then((r) => r.body)),
    );
    expect(answers).toEqual(contacts.map(() => ({ data: { requestLoginLink: true } })));
    await double.waitForRequests(contacts.length, 30_000);
    const links = new Map<string, string>(
      double.mails.map((mail) => [mail.personalizations[0].to[0].email as string, linkIn(mail)]),
    );
    expect([...links.keys()].sort()).toEqual(contacts.map((c) => c.email).sort());
    return links;
  }

  it('50 contacts asking and then pressing at once all get their email and their session', async () => {
    const { contacts } = await createClientWithContacts(api, ws, contactsOf(50, 'a'));
    const links = await askAll(contacts);

    const signedIn = await Promise.all(contacts.map((c) => post(api, SIGN_IN, { t: links.get(c.email)! })));
    expect(signedIn.map((r) => r.body.errors ?? null)).toEqual(contacts.map(() => null));
    expect(signedIn.map((r) => r.body.data.signInWithLoginLink.contact.email)).toEqual(
      contacts.map((c) => c.email),
    );
    expect(signedIn.every((r) => /portal_session=/.test(r.cookie ?? ''))).toBe(true);
    const { rows } = await api.db.owner.query(
      `SELECT count(*)::int AS sessions, count(DISTINCT contact_id)::int AS contacts
       FROM contact_sessions WHERE contact_id = ANY($1::uuid[]) AND ended_at IS NULL`,
      [contacts.map((c) => c.id)],
    );
    expect(rows[0]).toEqual({ sessions: 50, contacts: 50 });
    // Each contact's activity is on its own stream: 2 events each, none on the client's.
    const streams = await api.db.owner.query(
      `SELECT stream_id, count(*)::int AS n FROM es_events
       WHERE type IN ('SignInLinkRequested', 'ContactSignedIn') AND data->>'contactId' = ANY($1::text[])
       GROUP BY stream_id`,
      [contacts.map((c) => c.id)],
    );
    expect(streams.rows).toHaveLength(50);
    expect(streams.rows.every((row) => row.n === 2 && row.stream_id.startsWith('signin-'))).toBe(true);
  }, 60_000);

  it('an archive racing with sign-ins leaves no session alive, and each press answers a session or UNAUTHENTICATED', async () => {
    const { clientId, contacts } = await createClientWithContacts(api, ws, contactsOf(20, 'b'));
    const links = await askAll(contacts);
    const presses = contacts.map((c) => post(api, SIGN_IN, { t: links.get(c.email)! }));
    const archive = post(
      api,
      'mutation($id: ID!) { archiveClient(id: $id) { archived } }',
      { id: clientId },
      {
        authorization: `Bearer ${ws.token}`,
      },
    );
    const [archived, ...answers] = await Promise.all([archive, ...presses]);
    expect(archived.body).toEqual({ data: { archiveClient: { archived: true } } });
    for (const answer of answers) {
      if (answer.body.errors) expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      else expect(answer.body.data.signInWithLoginLink.contact.email).toMatch(/@client\.test$/);
    }
    const { rows } = await api.db.owner.query(
      'SELECT count(*)::int AS live FROM contact_sessions WHERE client_id = $1 AND ended_at IS NULL',
      [clientId],
    );
    expect(rows[0].live).toBe(0);
    // And a cookie from the race is nobody now.
    const cookies = answers.filter((a) => a.cookie).map((a) => a.cookie!.split(';')[0]);
    for (const cookie of cookies.slice(0, 3)) {
      const viewer = await post(api, '{ viewer { __typename } }', {}, { cookie });
      expect(viewer.body).toEqual({ data: { viewer: null } });
    }
  }, 60_000);
});
