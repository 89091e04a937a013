import { createMailer } from '../integrations/mailer.factory';
import {
  createTestWorkspace,
  errorCode,
  ok,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../test/api.harness';
import {
  createClientWithContacts,
  signInFromMail,
  startEmailPipeline,
  testQueuePrefix,
  waitFor,
  type EmailPipeline,
} from '../test/email.fixture';
import { SendGridDouble } from '../test/sendgrid.double';

/**
 * The billing operations across tenants and keys: B's member (another
 * workspace), a contact of another client of A, a contact of B, and the key
 * another contact holds, each sent at A's invoice, client, settings and
 * recurring invoice. They read nothing of A but what a key opens (that one
 * invoice), change nothing of A, and A's log does not move.
 */

const BY_KEY = `query($k: String!) { invoiceByKey(key: $k) { id number } }`;
const BY_KEY_PROJECT = `query($k: String!) { invoiceByKey(key: $k) { id project { id name client { id contacts { email } } invoices { id } } } }`;
const STATEMENT = `query($id: ID!) { clientStatement(clientId: $id) { clientName lines { invoiceNumber } } }`;
const RECURRING = `query($id: ID!) { recurringInvoice(id: $id) { id template { id } } }`;
const RECURRINGS = `{ recurringInvoices { id } }`;
const SETTINGS = `{ viewer { ... on MemberViewer { workspace { billingProfile { legalName paymentInstructions } reminderSchedule { daysFromDue } } } } }`;

describe('tenant isolation of invoice keys, billing settings, reminders, recurring invoices and statements', () => {
  let sendgrid: SendGridDouble;
  let api: TestApi;
  let pipeline: EmailPipeline;
  let wsA: TestWorkspace;
  let wsB: TestWorkspace;
  let aClient: string;
  let aInvoice: { id: string; number: string };
  let aOther: { id: string };
  let aTemplate: string;
  let aRecurrence: string;
  /** The keys of A's invoice, by contact email. */
  let keys: Record<string, string>;
  /** A contact of another client of A; a contact of B. */
  let sib: { cookie: string };
  let bee: { cookie: string };

  const logSize = async () =>
    (await api.db.owner.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n;
  const as = (
    caller: string | { cookie: string } | undefined,
    query: string,
    variables: Record<string, unknown> = {},
  ) => api.gql(query, variables, caller);
  const keysOf = async (invoiceId: string, count: number) => {
    const pattern = new RegExp(`/invoices/${invoiceId}\\?key=([A-Za-z0-9_-]{43})`);
    const mails = await waitFor(async () => {
      const found = sendgrid.mails.filter((m) => pattern.test(JSON.stringify(m.content)));
      return found.length >= count ? found : null;
    }, `the emails of ${invoiceId}`);
    return Object.fromEntries(
      mails.map((m) => [m.personalizations[0].to[0].email, pattern.exec(JSON.stringify(m.content))![1]]),
    );
  };

  beforeAll(async () => {
    sendgrid = await SendGridDouble.start();
    api = await startTestApi({ SENDGRID_API_KEY: 'k', SENDGRID_API_URL: sendgrid.url });
    pipeline = startEmailPipeline(api.context, {
      prefix: testQueuePrefix(),
      mailer: createMailer(api.context.config, api.context.pool),
    });
    wsA = await createTestWorkspace(api, 'Ann A');
    wsB = await createTestWorkspace(api, 'Ben B');
    const a = (query: string, variables: Record<string, unknown> = {}) =>
      as(wsA.token, query, variables).then(ok);
    await a(
      `mutation { updateBillingProfile(input: { legalName: "A Ltd", paymentInstructions: "IBAN A" }) { id } }`,
    );
    const client = await createClientWithContacts(api, wsA, [
      { name: 'Ada', email: 'ada@a-client.test' },
      { name: 'Abe', email: 'abe@a-client.test' },
    ]);
    aClient = client.clientId;
    await createClientWithContacts(api, wsA, [{ name: 'Sib', email: 'sib@a-other.test' }]);
    await createClientWithContacts(api, wsB, [{ name: 'Bee', email: 'bee@b-client.test' }]);
    const project = (
      await a(`mutation($c: ID!) { createProject(input: { clientId: $c, name: "A site" }) { id } }`, {
        c: aClient,
      })
    ).createProject.id;
    const draft = async () =>
      (
        await a(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`, {
          input: {
            projectId: project,
            currency: 'EUR',
            lineItems: [{ description: 'A work', quantity: 1, unitAmount: 10_000 }],
          },
        })
      ).createInvoice;
    aInvoice = await draft();
    aOther = await draft();
    for (const invoice of [aInvoice, aOther])
      await a(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: invoice.id });
    aTemplate = (await draft()).id;
    aRecurrence = (
      await a(
        `mutation($t: ID!) { scheduleRecurringInvoice(input: { templateInvoiceId: $t, interval: MONTH, startDate: "2099-01-01T00:00:00Z" }) { id } }`,
        { t: aTemplate },
      )
    ).scheduleRecurringInvoice.id;
    keys = await keysOf(aInvoice.id, 2);
    sib = await signInFromMail(api, sendgrid, wsA.slug, 'sib@a-other.test');
    bee = await signInFromMail(api, sendgrid, wsB.slug, 'bee@b-client.test');
  }, 60_000);
  afterAll(async () => {
    await pipeline?.stopAndClean();
    await api?.stop();
    await sendgrid?.stop();
  });

  const strangers = () =>
    [
      ['B’s member', wsB.token],
      ['a contact of another client of A', sib],
      ['a contact of B', bee],
    ] as const;

  it('a key opens its one invoice for whoever holds it, signed in anywhere or not, and nothing beyond it', async () => {
    for (const [, who] of [...strangers(), ['nobody', undefined] as const]) {
      const seen = await as(who, BY_KEY, { k: keys['ada@a-client.test'] });
      expect(ok(seen).invoiceByKey).toEqual({ id: aInvoice.id, number: aInvoice.number });
      const beyond = await as(who, BY_KEY_PROJECT, { k: keys['ada@a-client.test'] });
      expect(beyond.data).toEqual({ invoiceByKey: null });
      expect(beyond.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    // A key opens no other invoice's PDF; another contact's key is theirs, for the same invoice only.
    expect(
      (await fetch(`${api.url}/invoices/${aOther.id}.pdf?key=${keys['abe@a-client.test']}`)).status,
    ).toBe(404);
    expect(
      (await fetch(`${api.url}/invoices/${aInvoice.id}.pdf?key=${keys['abe@a-client.test']}`)).status,
    ).toBe(200);
    // The session of B's contact adds nothing to a key: the PDF without the key is still 404 for them.
    expect(
      (await fetch(`${api.url}/invoices/${aInvoice.id}.pdf`, { headers: { cookie: bee.cookie } })).status,
    ).toBe(404);
    expect(
      ok(
        await as(undefined, BY_KEY, {
          k: keys['ada@a-client.test'].replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
        }),
      ).invoiceByKey,
    ).toBeNull();
  });

  it("clientStatement and its PDF: null and 404 for B's member, another client's contact and B's contact", async () => {
    for (const [who, caller] of strangers()) {
      expect({ who, statement: ok(await as(caller, STATEMENT, { id: aClient })).clientStatement }).toEqual({
        who,
        statement: null,
      });
      const headers: Record<string, string> =
        typeof caller === 'string' ? { authorization: `Bearer ${caller}` } : { cookie: caller.cookie };
      expect({
        who,
        status: (await fetch(`${api.url}/clients/${aClient}/statement.pdf`, { headers })).status,
      }).toEqual({ who, status: 404 });
    }
    expect(ok(await as(wsA.token, STATEMENT, { id: aClient })).clientStatement.lines).toHaveLength(2);
  });

  it("recurring invoices: B's member reads none of A's; contacts are refused", async () => {
    expect(ok(await as(wsB.token, RECURRING, { id: aRecurrence })).recurringInvoice).toBeNull();
    expect(ok(await as(wsB.token, RECURRINGS)).recurringInvoices).toEqual([]);
    for (const contact of [sib, bee]) {
      expect(errorCode(await as(contact, RECURRING, { id: aRecurrence }))).toBe('FORBIDDEN');
      expect(errorCode(await as(contact, RECURRINGS))).toBe('FORBIDDEN');
    }
    expect(ok(await as(wsA.token, RECURRING, { id: aRecurrence })).recurringInvoice.template.id).toBe(
      aTemplate,
    );
  });

  it("every new mutation with A's ids: NOT_FOUND for B's member, FORBIDDEN for contacts; A's log and settings do not move", async () => {
    const before = await logSize();
    const settings = ok(await as(wsA.token, SETTINGS)).viewer.workspace;
    const mutations: [string, Record<string, unknown>][] = [
      [
        `mutation($id: ID!) { updateClientBillingDetails(clientId: $id, input: { name: "Mine" }) { id } }`,
        { id: aClient },
      ],
      [`mutation($id: ID!) { setInvoiceReminders(id: $id, enabled: false) { id } }`, { id: aInvoice.id }],
      [
        `mutation($t: ID!) { scheduleRecurringInvoice(input: { templateInvoiceId: $t, interval: WEEK, startDate: "2099-01-01T00:00:00Z" }) { id } }`,
        { t: aOther.id },
      ],
      [`mutation($id: ID!) { pauseRecurringInvoice(id: $id) { id } }`, { id: aRecurrence }],
      [`mutation($id: ID!) { resumeRecurringInvoice(id: $id) { id } }`, { id: aRecurrence }],
      [`mutation($id: ID!) { endRecurringInvoice(id: $id) { id } }`, { id: aRecurrence }],
    ];
    for (const [mutation, variables] of mutations) {
      expect({ mutation, code: errorCode(await as(wsB.token, mutation, variables)) }).toEqual({
        mutation,
        code: 'NOT_FOUND',
      });
      for (const contact of [sib, bee])
        expect({ mutation, code: errorCode(await as(contact, mutation, variables)) }).toEqual({
          mutation,
          code: 'FORBIDDEN',
        });
    }
    for (const mutation of [
      `mutation { updateBillingProfile(input: { legalName: "Not A" }) { id } }`,
      `mutation { updateReminderSchedule(daysFromDue: [1]) { id } }`,
    ])
      for (const contact of [sib, bee]) expect(errorCode(await as(contact, mutation))).toBe('FORBIDDEN');
    // B's own settings are B's: A's stay as they were.
    ok(await as(wsB.token, `mutation { updateBillingProfile(input: { legalName: "B Ltd" }) { id } }`));
    ok(await as(wsB.token, `mutation { updateReminderSchedule(daysFromDue: [5]) { id } }`));
    expect(ok(await as(wsA.token, SETTINGS)).viewer.workspace).toEqual(settings);
    expect(await logSize()).toBe(before + 2);
  });

  it("payInvoiceByKey with A's key from B's contact gets A's invoice's own answer, never another's; a forged key is NOT_FOUND; payInvoice by id NOT_FOUND", async () => {
    const noStripe = await as(bee, `mutation($k: String!) { payInvoiceByKey(key: $k) { url } }`, {
      k: keys['abe@a-client.test'],
    });
    // This API has no Stripe: refused, naming the key, never a session for someone else's invoice.
    expect(noStripe.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'key' });
    const forged = await as(wsB.token, `mutation($k: String!) { payInvoiceByKey(key: $k) { url } }`, {
      k: 'x'.repeat(43),
    });
    expect(errorCode(forged)).toBe('NOT_FOUND');
    const result: GraphQLResult = await as(bee, `mutation($id: ID!) { payInvoice(id: $id) { url } }`, {
      id: aInvoice.id,
    });
    expect(errorCode(result)).toBe('NOT_FOUND');
  });
});
