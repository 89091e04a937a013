import Redis from 'ioredis';
import { createMailer } from '../../integrations/mailer.factory';
import {
  createTestWorkspace,
  errorCode,
  ok,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import {
  createClientWithContacts,
  signInFromMail,
  startEmailPipeline,
  testQueuePrefix,
  waitFor,
  type EmailPipeline,
  type TestContact,
} from '../../test/email.fixture';
import { pdfText } from '../../test/pdf-text';
import { SendGridDouble } from '../../test/sendgrid.double';
import { checkoutCompleted, deliverSigned } from '../../test/stripe-webhook.fixture';
import { StripeDouble } from '../../test/stripe.double';

const WEBHOOK_SECRET = 'whsec_invoice_keys';
const BY_KEY = `query($k: String!) { invoiceByKey(key: $k) {
  id number status total amountDue pdfUrl portalSlug
  lineItems { description amount taxLabel taxRatePercent } taxLines { label ratePercent taxAmount }
  payments { amount method } } }`;
const PAY_BY_KEY = `mutation($k: String!) { payInvoiceByKey(key: $k) { url expiresAt } }`;

let addresses = 0;
/** A request from an address of its own (or the one given), as a browser would send it. */
async function gqlFrom(
  api: TestApi,
  query: string,
  variables: Record<string, unknown>,
  ip = `198.51.100.${++addresses % 250}`,
  cookie?: string,
): Promise<GraphQLResult> {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResult;
}

describe('invoice keys: pay from the email', () => {
  let sendgrid: SendGridDouble;
  let stripe: StripeDouble;
  let api: TestApi;
  let ws: TestWorkspace;
  let pipeline: EmailPipeline;
  let redis: Redis;
  let clientId: string;
  let contacts: TestContact[];
  let projectId: string;
  const prefix = testQueuePrefix();
  let now = new Date();

  const member = (query: string, variables: Record<string, unknown> = {}, token = ws.token) =>
    api.gql(query, variables, token).then(ok);
  const byKey = (key: string, ip?: string, cookie?: string) => gqlFrom(api, BY_KEY, { k: key }, ip, cookie);

  /** A sent invoice of the project (the client's, unless another is given). */
  const sendInvoice = async (project = projectId, token = ws.token) => {
    const { createInvoice } = await member(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`,
      {
        input: {
          projectId: project,
          currency: 'EUR',
          taxRatePercent: 20,
          taxLabel: 'VAT',
          lineItems: [{ description: 'Design sprint', quantity: 2, unitAmount: 50_000 }],
          dueDate: '2030-01-31T00:00:00.000Z',
        },
      },
      token,
    );
    await member(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: createInvoice.id }, token);
    return createInvoice as { id: string; number: string };
  };

  /** The key each contact's email holds for the invoice, read from what SendGrid was asked to send. */
  const keysFor = async (invoiceId: string, count: number): Promise<Record<string, string>> => {
    const pattern = new RegExp(`/invoices/${invoiceId}\\?key=([A-Za-z0-9_-]{43})`);
    const mails = await waitFor(async () => {
      const found = sendgrid.mails.filter((mail) =>
        mail.content.some((c: { value: string }) => pattern.test(c.value)),
      );
      return found.length >= count ? found : null;
    }, `${count} emails of invoice ${invoiceId}`);
    return Object.fromEntries(
      mails.map((mail) => [
        mail.personalizations[0].to[0].email,
        pattern.exec(mail.content.find((c: { type: string }) => c.type === 'text/plain').value)![1],
      ]),
    );
  };

  /** The key one recipient's email holds, waiting for that email (others may arrive first). */
  const keyOf = async (invoiceId: string, email: string): Promise<string> =>
    waitFor(
      async () => (await keysFor(invoiceId, 1))[email] ?? null,
      `the email of invoice ${invoiceId} to ${email}`,
    );

  beforeAll(async () => {
    sendgrid = await SendGridDouble.start();
    stripe = await StripeDouble.start();
    api = await startTestApi(
      {
        PUBLIC_URL: 'https://portal.example.test',
        SENDGRID_API_KEY: 'test-key',
        SENDGRID_API_URL: sendgrid.url,
        STRIPE_SECRET_KEY: 'sk_test_keys',
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_URL: stripe.url,
      },
      () => now,
    );
    ws = await createTestWorkspace(api);
    await member(`mutation { updateBranding(input: { companyName: "Northwind Studio" }) { id } }`);
    const client = await createClientWithContacts(api, ws, [
      { name: 'Jane Smith', email: 'jane@keys-client.test' },
      { name: 'John Smith', email: 'john@keys-client.test' },
      { name: 'Jo Smith', email: 'jo@keys-client.test' },
    ]);
    clientId = client.clientId;
    contacts = client.contacts;
    projectId = (
      await member(`mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website" }) { id } }`, {
        c: clientId,
      })
    ).createProject.id;
    pipeline = startEmailPipeline(api.context, {
      prefix,
      mailer: createMailer(api.context.config, api.context.pool),
    });
    redis = new Redis(api.context.config.REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await pipeline?.stopAndClean();
    await api?.stop();
    await sendgrid?.stop();
    await stripe?.stop();
  });

  it("each contact's invoice email holds a key of its own to that invoice, and its PDF; Redis never holds a usable key", async () => {
    const invoice = await sendInvoice();
    const keys = await keysFor(invoice.id, 3);
    expect(Object.keys(keys).sort()).toEqual([
      'jane@keys-client.test',
      'jo@keys-client.test',
      'john@keys-client.test',
    ]);
    expect(new Set(Object.values(keys)).size).toBe(3);
    const mail = sendgrid.mails.find((m) => m.personalizations[0].to[0].email === 'jane@keys-client.test')!;
    const text = mail.content.find((c: { type: string }) => c.type === 'text/plain').value as string;
    expect(text).toContain(
      `https://portal.example.test/p/${ws.slug}/invoices/${invoice.id}?key=${keys['jane@keys-client.test']}`,
    );
    expect(text).toContain(`The invoice is attached (${invoice.number}.pdf)`);
    expect(mail.attachments).toEqual([
      {
        content: expect.any(String),
        filename: `${invoice.number}.pdf`,
        type: 'application/pdf',
        disposition: 'attachment',
      },
    ]);
    const attached = await pdfText(Buffer.from(mail.attachments[0].content, 'base64'));
    expect(attached).toContain('INVOICE');
    expect(attached).toContain('Design sprint 2 €500.00 VAT 20% €1,000.00');
    expect(attached).toContain('Amount due €1,200.00');

    // Stored hashed, bound to contact and invoice; the jobs in Redis hold none of the keys.
    const { rows } = await api.db.owner.query(
      `SELECT contact_id, invoice_id, email, length(key_hash) AS bytes FROM invoice_keys WHERE invoice_id = $1 ORDER BY email`,
      [invoice.id],
    );
    expect(rows.map((r) => [r.email, r.bytes])).toEqual([
      ['jane@keys-client.test', 32],
      ['jo@keys-client.test', 32],
      ['john@keys-client.test', 32],
    ]);
    const keysInRedis = await redis.keys(`${prefix}:*`);
    const dump = (
      await Promise.all(
        keysInRedis.map(async (k) =>
          (await redis.type(k)) === 'hash' ? JSON.stringify(await redis.hgetall(k)) : '',
        ),
      )
    ).join('\n');
    expect(dump).toContain(invoice.id);
    for (const key of Object.values(keys)) expect(dump).not.toContain(key);
  });

  it('invoiceByKey answers that one invoice, with its lines, payments and PDF link, and nothing beyond it', async () => {
    const invoice = await sendInvoice();
    await member(
      `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 20000, method: "bank_transfer") { id } }`,
      { id: invoice.id },
    );
    const key = (await keysFor(invoice.id, 3))['jane@keys-client.test'];
    const seen = ok(await byKey(key)).invoiceByKey;
    expect(seen).toEqual({
      id: invoice.id,
      number: invoice.number,
      status: 'PARTIALLY_PAID',
      total: 120_000,
      amountDue: 100_000,
      pdfUrl: `https://portal.example.test/invoices/${invoice.id}.pdf?key=${key}`,
      portalSlug: ws.slug,
      lineItems: [{ description: 'Design sprint', amount: 100_000, taxLabel: 'VAT', taxRatePercent: 20 }],
      taxLines: [{ label: 'VAT', ratePercent: 20, taxAmount: 20_000 }],
      payments: [{ amount: 20_000, method: 'bank_transfer' }],
    });
    // The project (and through it the client, documents, other invoices) is out of the key's reach.
    const beyond = await gqlFrom(
      api,
      `query($k: String!) { invoiceByKey(key: $k) { id project { id name } } }`,
      {
        k: key,
      },
    );
    expect(beyond.data).toEqual({ invoiceByKey: null });
    expect(beyond.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(beyond.errors?.[0].message).toMatch(/opens that invoice alone/);
    // A key is no session: the same request asks nothing else of the portal.
    expect(ok(await gqlFrom(api, `{ viewer { __typename } }`, {})).viewer).toBeNull();
    expect(errorCode(await gqlFrom(api, `{ projects { id } }`, {}))).toBe('UNAUTHENTICATED');

    // The PDF by the key's own address; the key opens no other invoice's PDF.
    const pdf = await fetch(`${api.url}/invoices/${invoice.id}.pdf?key=${key}`);
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(await pdfText(new Uint8Array(await pdf.arrayBuffer()))).toContain(invoice.number);
    const other = await sendInvoice();
    expect((await fetch(`${api.url}/invoices/${other.id}.pdf?key=${key}`)).status).toBe(404);
    expect((await fetch(`${api.url}/invoices/${invoice.id}.pdf?key=${'x'.repeat(43)}`)).status).toBe(404);
  });

  it('a foreign or unknown key opens nothing; another contact’s key is theirs; a signed-in contact of another client gains nothing', async () => {
    const invoice = await sendInvoice();
    const keys = await keysFor(invoice.id, 3);
    expect(ok(await byKey('A'.repeat(43))).invoiceByKey).toBeNull();
    expect(ok(await byKey('not a key')).invoiceByKey).toBeNull();
    expect(errorCode(await gqlFrom(api, PAY_BY_KEY, { k: 'B'.repeat(43) }))).toBe('NOT_FOUND');

    // Another workspace's contact, signed in, with a key of this one: the key's invoice only, no project.
    const other = await createTestWorkspace(api);
    const outsider = await createClientWithContacts(api, other, [{ name: 'Olga', email: 'olga@other.test' }]);
    const otherProject = (
      await member(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Other" }) { id } }`,
        { c: outsider.clientId },
        other.token,
      )
    ).createProject.id;
    const otherInvoice = await sendInvoice(otherProject, other.token);
    const olgaKey = (await keysFor(otherInvoice.id, 1))['olga@other.test'];
    const olga = await signInFromMail(api, sendgrid, other.slug, 'olga@other.test');
    const mixed = await byKey(keys['john@keys-client.test'], undefined, olga.cookie);
    expect(mixed.data?.invoiceByKey.id).toBe(invoice.id);
    const reach = await gqlFrom(
      api,
      `query($k: String!) { invoiceByKey(key: $k) { project { id } } }`,
      { k: keys['john@keys-client.test'] },
      undefined,
      olga.cookie,
    );
    expect(reach.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Olga's own key opens her invoice, never this workspace's; a member of this workspace gets nothing more with it.
    expect(ok(await byKey(olgaKey)).invoiceByKey.id).toBe(otherInvoice.id);
    const asMember = await api.gql(
      `query($k: String!) { invoiceByKey(key: $k) { id project { id } } }`,
      { k: olgaKey },
      ws.token,
    );
    expect(asMember.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Each contact's key names its own contact at Checkout.
    stripe.reset();
    const janeSession = ok(
      await gqlFrom(api, PAY_BY_KEY, { k: keys['jane@keys-client.test'] }),
    ).payInvoiceByKey;
    const johnSession = ok(
      await gqlFrom(api, PAY_BY_KEY, { k: keys['john@keys-client.test'] }),
    ).payInvoiceByKey;
    expect(janeSession.url).not.toBe(johnSession.url);
    expect(stripe.checkouts.map((c) => c.form.customer_email)).toEqual([
      'jane@keys-client.test',
      'john@keys-client.test',
    ]);
  });

  it('payInvoiceByKey opens Checkout for the amount due; the key never goes to Stripe; the payment carries the contact as actor', async () => {
    const invoice = await sendInvoice();
    const key = (await keysFor(invoice.id, 3))['jane@keys-client.test'];
    stripe.reset();
    const session = ok(await gqlFrom(api, PAY_BY_KEY, { k: key })).payInvoiceByKey;
    expect(session.url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    const [request] = stripe.checkouts;
    expect(request.form).toMatchObject({
      'line_items[0][price_data][unit_amount]': '120000',
      'line_items[0][price_data][currency]': 'eur',
      customer_email: 'jane@keys-client.test',
      client_reference_id: invoice.id,
      success_url: `https://portal.example.test/p/${ws.slug}/invoices/${invoice.id}?checkout=success`,
      cancel_url: `https://portal.example.test/p/${ws.slug}/invoices/${invoice.id}?checkout=cancelled`,
    });
    expect(JSON.stringify(stripe.requests)).not.toContain(key);

    const sessionId = /cs_test_\w+/.exec(session.url)![0];
    const event = checkoutCompleted({
      id: sessionId,
      amount_total: 120_000,
      currency: 'eur',
      client_reference_id: invoice.id,
      metadata: { invoiceId: invoice.id, workspaceId: ws.workspaceId },
    });
    expect((await deliverSigned(api.url, event, WEBHOOK_SECRET)).status).toBe(200);
    const { rows } = await api.db.owner.query(
      `SELECT metadata->'actor' AS actor FROM es_events WHERE stream_id = $1 AND type = 'PaymentRecorded'`,
      [`invoice-${invoice.id}`],
    );
    expect(await api.context.store.personalData.openValues(rows, api.db.owner)).toEqual([
      { actor: { kind: 'CONTACT', id: contacts[0].id, name: 'Jane Smith' } },
    ]);
    // Paid: the key still shows it (for 90 days), but there is nothing left to pay.
    expect(ok(await byKey(key)).invoiceByKey).toMatchObject({ status: 'PAID', amountDue: 0 });
    const again = await gqlFrom(api, PAY_BY_KEY, { k: key });
    expect(again.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'key' });
  });

  it('the key ends: voided invoice; archived client; email change; removal; portal off; 90 days after paid', async () => {
    const works = async (key: string) => ok(await byKey(key)).invoiceByKey !== null;

    const voided = await sendInvoice();
    const voidKey = (await keysFor(voided.id, 3))['jane@keys-client.test'];
    expect(await works(voidKey)).toBe(true);
    await member(`mutation($id: ID!) { voidInvoice(id: $id) { id } }`, { id: voided.id });
    expect(await works(voidKey)).toBe(false);
    expect(errorCode(await gqlFrom(api, PAY_BY_KEY, { k: voidKey }))).toBe('NOT_FOUND');
    expect((await fetch(`${api.url}/invoices/${voided.id}.pdf?key=${voidKey}`)).status).toBe(404);

    const invoice = await sendInvoice();
    const keys = await keysFor(invoice.id, 3);
    // Email change ends that contact's key only.
    await member(
      `mutation($id: ID!) { changeContactEmail(contactId: $id, email: "jo.new@keys-client.test") { id } }`,
      {
        id: contacts[2].id,
      },
    );
    expect(await works(keys['jo@keys-client.test'])).toBe(false);
    expect(await works(keys['jane@keys-client.test'])).toBe(true);
    const { rows: revoked } = await api.db.owner.query(
      `SELECT email, revoked_reason FROM invoice_keys WHERE invoice_id = $1 AND revoked_at IS NOT NULL`,
      [invoice.id],
    );
    expect(revoked).toEqual([{ email: 'jo@keys-client.test', revoked_reason: 'the contact lost access' }]);
    // Removal ends John's.
    await member(`mutation($id: ID!) { removeContact(contactId: $id) { id } }`, { id: contacts[1].id });
    expect(await works(keys['john@keys-client.test'])).toBe(false);
    // Archiving the client ends Jane's, and unarchiving does not bring it back.
    await member(`mutation($id: ID!) { archiveClient(id: $id) { id } }`, { id: clientId });
    expect(await works(keys['jane@keys-client.test'])).toBe(false);
    await member(`mutation($id: ID!) { unarchiveClient(id: $id) { id } }`, { id: clientId });
    expect(await works(keys['jane@keys-client.test'])).toBe(false);

    // Turning the portal off ends every key of the workspace, for good.
    const later = await sendInvoice();
    const janeLater = await keyOf(later.id, 'jane@keys-client.test');
    expect(await works(janeLater)).toBe(true);
    await member(`mutation { setPortalEnabled(enabled: false) { id } }`);
    expect(await works(janeLater)).toBe(false);
    await member(`mutation { setPortalEnabled(enabled: true) { id } }`);
    expect(await works(janeLater)).toBe(false);

    // Paid: 90 days, then no more.
    const paid = await sendInvoice();
    const paidKey = await keyOf(paid.id, 'jane@keys-client.test');
    await member(
      `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 120000, method: "cash") { id } }`,
      {
        id: paid.id,
      },
    );
    const paidAt = new Date(now);
    now = new Date(paidAt.getTime() + 89 * 86_400_000);
    expect(await works(paidKey)).toBe(true);
    now = new Date(paidAt.getTime() + 90 * 86_400_000 + 60_000);
    expect(await works(paidKey)).toBe(false);
    expect((await fetch(`${api.url}/invoices/${paid.id}.pdf?key=${paidKey}`)).status).toBe(404);
    now = new Date();
  });

  it('key lookups are limited per address: after 30 keys that open nothing, TOO_MANY_REQUESTS, even for a good key; other addresses unaffected', async () => {
    const ip = '192.0.2.77';
    const invoice = await sendInvoice();
    const good = await keyOf(invoice.id, 'jane@keys-client.test');
    // A person polling their own invoice is not held back by the misses' limit.
    for (let i = 0; i < 40; i++) expect(ok(await byKey(good, ip)).invoiceByKey.id).toBe(invoice.id);
    for (let i = 0; i < 30; i++) expect(ok(await byKey('C'.repeat(43), ip)).invoiceByKey).toBeNull();
    const refused = await byKey('C'.repeat(43), ip);
    expect(refused.errors?.[0].extensions).toEqual({ code: 'TOO_MANY_REQUESTS', field: 'key' });
    expect(errorCode(await gqlFrom(api, PAY_BY_KEY, { k: 'C'.repeat(43) }, ip))).toBe('TOO_MANY_REQUESTS');
    const pdf = await fetch(
      `${api.url}/invoices/00000000-0000-4000-8000-000000000000.pdf?key=${'C'.repeat(43)}`,
      {
        headers: { 'x-forwarded-for': ip },
      },
    );
    expect(pdf.status).toBe(429);
    expect(errorCode(await byKey(good, ip))).toBe('TOO_MANY_REQUESTS');
    expect(ok(await byKey(good, '192.0.2.78')).invoiceByKey.id).toBe(invoice.id);
  });
});
