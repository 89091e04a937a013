import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import {
  createTestWorkspace,
  errorCode,
  ok,
  signInAsContact,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { createClientWithContacts } from '../../test/email.fixture';
import { captureLogs } from '../../test/log.capture';
import { StripeDouble } from '../../test/stripe.double';
import { ONLINE_PAYMENT_OFF } from './payment.service';

const PUBLIC_URL = 'https://portal.example.test';
const WEBHOOK_SECRET = 'whsec_test_secret';
const PAY = `mutation($id: ID!) { payInvoice(id: $id) { url expiresAt } }`;
const INVOICE = `query($id: ID!) { invoice(id: $id) { status amountPaid amountDue payments { amount method } } }`;
const webhooks = new Stripe('sk_test_signing').webhooks;

/** A workspace with a client (two contacts), a project, and helpers to bill it. */
async function billingSetup(api: TestApi) {
  const ws = await createTestWorkspace(api);
  const client = await createClientWithContacts(api, ws, [
    { name: 'Ava Contact', email: `ava-${randomBytes(3).toString('hex')}@client.test` },
  ]);
  const projectId = ok(
    await api.gql(
      `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website" }) { id } }`,
      { c: client.clientId },
      ws.token,
    ),
  ).createProject.id as string;
  const invoice = async (send = true, currency = 'USD', unitAmount = 10_000) => {
    const id = ok(
      await api.gql(
        `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`,
        {
          input: {
            projectId,
            currency,
            lineItems: [{ description: 'Design', quantity: 1, unitAmount }],
            dueDate: '2026-03-31T00:00:00.000Z',
          },
        },
        ws.token,
      ),
    ).createInvoice as { id: string; number: string };
    if (send)
      ok(await api.gql(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: id.id }, ws.token));
    return id;
  };
  return { ws, client, projectId, invoice };
}

describe('paying invoices with Stripe Checkout', () => {
  let stripe: StripeDouble;
  let api: TestApi;
  let setup: Awaited<ReturnType<typeof billingSetup>>;
  let contact: { cookie: string };
  const logs = captureLogs('warn');

  beforeAll(async () => {
    stripe = await StripeDouble.start();
    api = await startTestApi(
      {
        PUBLIC_URL,
        STRIPE_SECRET_KEY: 'sk_test_123',
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_URL: stripe.url,
      },
      undefined,
      0,
      { logger: logs.logger },
    );
    setup = await billingSetup(api);
    contact = await signInAsContact(api, setup.ws.slug, setup.client.contacts[0].email);
  });
  afterAll(async () => {
    await api?.stop();
    await stripe?.stop();
  });
  beforeEach(() => stripe.reset());

  const deliver = async (event: object, signature?: string) => {
    const payload = JSON.stringify(event);
    return fetch(`${api.url}/webhooks/stripe`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature':
          signature ?? webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
      },
      body: payload,
    });
  };
  const paidEvent = (
    invoiceId: string,
    amount: number,
    options: {
      type?: string;
      paymentIntent?: string | null;
      currency?: string;
      status?: string;
      account?: string;
      livemode?: boolean;
      workspaceId?: string;
    } = {},
  ) => ({
    id: `evt_${randomBytes(8).toString('hex')}`,
    object: 'event',
    type: options.type ?? 'checkout.session.completed',
    livemode: options.livemode ?? false,
    ...(options.account ? { account: options.account } : {}),
    data: {
      object: {
        id: `cs_test_${randomBytes(8).toString('hex')}`,
        object: 'checkout.session',
        payment_status: options.status ?? 'paid',
        amount_total: amount,
        currency: options.currency ?? 'usd',
        payment_intent:
          options.paymentIntent === undefined
            ? `pi_${randomBytes(8).toString('hex')}`
            : options.paymentIntent,
        client_reference_id: invoiceId,
        metadata: { invoiceId, workspaceId: options.workspaceId ?? setup.ws.workspaceId },
      },
    },
  });
  const invoiceOf = async (id: string) => ok(await api.gql(INVOICE, { id }, setup.ws.token)).invoice;

  it('payInvoice (a contact): a checkout session for the amount due, with the ids, the email and the portal URLs', async () => {
    const invoice = await setup.invoice();
    const answer = ok(await api.gql(PAY, { id: invoice.id }, contact)).payInvoice;
    expect(answer.url).toMatch(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/);
    expect(Date.parse(answer.expiresAt)).toBeGreaterThan(Date.now());
    expect(stripe.checkouts).toHaveLength(1);
    const { form, headers } = stripe.checkouts[0];
    const billing = `${PUBLIC_URL}/p/${setup.ws.slug}/projects/${setup.projectId}?tab=billing`;
    expect(form).toMatchObject({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][price_data][unit_amount]': '10000',
      'line_items[0][price_data][product_data][name]': `Invoice ${invoice.number}`,
      client_reference_id: invoice.id,
      'metadata[invoiceId]': invoice.id,
      'metadata[workspaceId]': setup.ws.workspaceId,
      customer_email: setup.client.contacts[0].email,
      success_url: `${billing}&checkout=success`,
      cancel_url: `${billing}&checkout=cancelled`,
    });
    expect(headers['idempotency-key']).toBe(`invoice-${invoice.id}-due-10000`);
    expect(headers.authorization).toBe('Bearer sk_test_123');
    expect(headers['stripe-account']).toBeUndefined();
  });

  it('payInvoice (a member): no customer email; the same amount due gives the same idempotency key', async () => {
    const invoice = await setup.invoice();
    const first = ok(await api.gql(PAY, { id: invoice.id }, setup.ws.token)).payInvoice;
    const second = ok(await api.gql(PAY, { id: invoice.id }, setup.ws.token)).payInvoice;
    expect(second.url).toBe(first.url);
    expect(stripe.checkouts[0].form.customer_email).toBeUndefined();
    expect(stripe.checkouts.map((c) => c.headers['idempotency-key'])).toEqual([
      `invoice-${invoice.id}-due-10000`,
      `invoice-${invoice.id}-due-10000`,
    ]);
  });

  it('refuses drafts, voided and paid invoices (BAD_USER_INPUT), and invoices of others (NOT_FOUND)', async () => {
    const draft = await setup.invoice(false);
    expect(errorCode(await api.gql(PAY, { id: draft.id }, setup.ws.token))).toBe('BAD_USER_INPUT');
    // A contact never sees a draft at all.
    expect(errorCode(await api.gql(PAY, { id: draft.id }, contact))).toBe('NOT_FOUND');
    const voided = await setup.invoice();
    ok(
      await api.gql(`mutation($id: ID!) { voidInvoice(id: $id) { id } }`, { id: voided.id }, setup.ws.token),
    );
    expect(errorCode(await api.gql(PAY, { id: voided.id }, contact))).toBe('BAD_USER_INPUT');
    const paid = await setup.invoice();
    ok(
      await api.gql(
        `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 10000, method: "cash") { id } }`,
        { id: paid.id },
        setup.ws.token,
      ),
    );
    expect(errorCode(await api.gql(PAY, { id: paid.id }, contact))).toBe('BAD_USER_INPUT');
    const other = await billingSetup(api);
    const theirs = await other.invoice();
    expect(errorCode(await api.gql(PAY, { id: theirs.id }, contact))).toBe('NOT_FOUND');
    expect(errorCode(await api.gql(PAY, { id: theirs.id }, setup.ws.token))).toBe('NOT_FOUND');
    expect(errorCode(await api.gql(PAY, { id: theirs.id }))).toBe('UNAUTHENTICATED');
    expect(stripe.checkouts).toHaveLength(0);
  });

  it('a connected account: validated acct_ id, then sessions are made on it (Stripe-Account)', async () => {
    const CONNECT = `mutation($a: String) { connectStripeAccount(accountId: $a) { id stripeAccountId onlinePaymentEnabled } }`;
    expect(errorCode(await api.gql(CONNECT, { a: 'nope' }, setup.ws.token))).toBe('BAD_USER_INPUT');
    expect(errorCode(await api.gql(CONNECT, { a: 'acct_1Abc' }, contact))).toBe('FORBIDDEN');
    const connected = ok(await api.gql(CONNECT, { a: 'acct_1Abc' }, setup.ws.token)).connectStripeAccount;
    expect(connected).toMatchObject({ stripeAccountId: 'acct_1Abc', onlinePaymentEnabled: true });
    const invoice = await setup.invoice();
    ok(await api.gql(PAY, { id: invoice.id }, contact));
    expect(stripe.checkouts[0].headers['stripe-account']).toBe('acct_1Abc');
    ok(await api.gql(CONNECT, { a: null }, setup.ws.token));
    const again = await setup.invoice();
    ok(await api.gql(PAY, { id: again.id }, contact));
    expect(stripe.checkouts[1].headers['stripe-account']).toBeUndefined();
  });

  it('a paid checkout.session.completed records one Stripe payment, in the contacts’ timeline', async () => {
    const invoice = await setup.invoice();
    const event = paidEvent(invoice.id, 4_000);
    const response = await deliver(event);
    expect(response.status).toBe(200);
    expect(await invoiceOf(invoice.id)).toMatchObject({
      status: 'PARTIALLY_PAID',
      amountPaid: 4_000,
      amountDue: 6_000,
      payments: [{ amount: 4_000, method: 'stripe' }],
    });
    const { rows } = await api.db.owner.query(
      `SELECT data, metadata FROM es_events WHERE stream_id = $1 AND type = 'PaymentRecorded'`,
      [`invoice-${invoice.id}`],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].data).toMatchObject({
      method: 'stripe',
      amount: 4_000,
      reference: event.data.object.payment_intent,
    });
    expect(rows[0].metadata.actor).toMatchObject({ kind: 'SYSTEM', name: 'Stripe' });
    const timeline = ok(
      await api.gql(
        `query($id: ID!) { project(id: $id) { timeline(first: 1) { edges { node { summary } } } } }`,
        { id: setup.projectId },
        contact,
      ),
    ).project.timeline.edges[0].node.summary;
    expect(timeline).toContain('Stripe recorded a payment of $40.00');
  });

  it('exactly once: the same event 5 times, and two events for one payment intent in any order', async () => {
    const invoice = await setup.invoice();
    const event = paidEvent(invoice.id, 10_000);
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(event)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await invoiceOf(invoice.id)).toMatchObject({ status: 'PAID', amountPaid: 10_000 });

    const other = await setup.invoice();
    const paymentIntent = `pi_${randomBytes(8).toString('hex')}`;
    const async = paidEvent(other.id, 3_000, {
      type: 'checkout.session.async_payment_succeeded',
      paymentIntent,
    });
    const completed = paidEvent(other.id, 3_000, { paymentIntent });
    expect((await deliver(async)).status).toBe(200);
    expect((await deliver(completed)).status).toBe(200);
    expect((await deliver(async)).status).toBe(200);
    expect(await invoiceOf(other.id)).toMatchObject({ status: 'PARTIALLY_PAID', amountPaid: 3_000 });
    expect((await invoiceOf(other.id)).payments).toHaveLength(1);
  });

  it('no payment intent: the session id is the reference', async () => {
    const invoice = await setup.invoice();
    const event = paidEvent(invoice.id, 1_000, { paymentIntent: null });
    await deliver(event);
    await deliver(event);
    expect((await invoiceOf(invoice.id)).payments).toEqual([{ amount: 1_000, method: 'stripe' }]);
  });

  it('a tampered signature is 400 and records nothing; unknown invoices, other currencies and unpaid sessions are 200 and record nothing', async () => {
    const invoice = await setup.invoice();
    const event = paidEvent(invoice.id, 1_000);
    const payload = JSON.stringify(event);
    const signature = webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const tampered = await fetch(`${api.url}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload.replace('1000', '9000'),
    });
    expect(tampered.status).toBe(400);
    expect((await deliver(event, 't=1,v1=deadbeef')).status).toBe(400);
    const wrongSecret = webhooks.generateTestHeaderString({ payload, secret: 'whsec_other' });
    expect((await deliver(event, wrongSecret)).status).toBe(400);

    const unknown = paidEvent('7b0a3c2e-4a57-4a53-9d2b-3f1c7f6e0a11', 1_000);
    expect((await deliver(unknown)).status).toBe(200);
    expect((await deliver(paidEvent(invoice.id, 1_000, { currency: 'eur' }))).status).toBe(200);
    expect((await deliver(paidEvent(invoice.id, 1_000, { status: 'unpaid' }))).status).toBe(200);
    expect((await deliver({ ...event, type: 'customer.created' })).status).toBe(200);
    expect(await invoiceOf(invoice.id)).toMatchObject({ status: 'SENT', amountPaid: 0, payments: [] });
  });

  it('takes an event only from the workspace’s own account, in the key’s mode: any other is 200, recorded nowhere, and a warning', async () => {
    // This workspace connected no account: only the platform's own events (no `account`) are its.
    const invoice = await setup.invoice();
    const foreign = paidEvent(invoice.id, 1_000, { account: 'acct_1Foreign' });
    const live = paidEvent(invoice.id, 1_000, { livemode: true });
    logs.lines.length = 0;
    expect((await deliver(foreign)).status).toBe(200);
    expect((await deliver(live)).status).toBe(200);
    expect(await invoiceOf(invoice.id)).toMatchObject({ status: 'SENT', amountPaid: 0, payments: [] });
    expect(logs.warnings().map((line) => line.stripeEvent)).toEqual([foreign.id, live.id]);
    expect(logs.warnings()[0]).toMatchObject({ result: 'refused', account: 'acct_1Foreign' });

    // A workspace with its own connected account takes that account's events and no other's.
    const connected = await billingSetup(api);
    ok(
      await api.gql(
        `mutation { connectStripeAccount(accountId: "acct_1Theirs") { id } }`,
        {},
        connected.ws.token,
      ),
    );
    const theirs = await connected.invoice();
    const of = { workspaceId: connected.ws.workspaceId };
    const refused = [
      paidEvent(theirs.id, 1_000, of), // the platform's
      paidEvent(theirs.id, 1_000, { ...of, account: 'acct_1Foreign' }),
      paidEvent(theirs.id, 1_000, { ...of, account: 'acct_1Theirs', livemode: true }),
    ];
    for (const event of refused) expect((await deliver(event)).status).toBe(200);
    // Their account's event naming the first workspace's invoice is no payment of it either.
    expect((await deliver(paidEvent(invoice.id, 1_000, { account: 'acct_1Theirs' }))).status).toBe(200);
    const theirInvoice = async () =>
      ok(await api.gql(INVOICE, { id: theirs.id }, connected.ws.token)).invoice;
    expect(await theirInvoice()).toMatchObject({ status: 'SENT', amountPaid: 0, payments: [] });
    expect(await invoiceOf(invoice.id)).toMatchObject({ status: 'SENT', amountPaid: 0, payments: [] });

    expect((await deliver(paidEvent(theirs.id, 1_000, { ...of, account: 'acct_1Theirs' }))).status).toBe(200);
    expect(await theirInvoice()).toMatchObject({
      status: 'PARTIALLY_PAID',
      amountPaid: 1_000,
      payments: [{ amount: 1_000, method: 'stripe' }],
    });
    const { rows } = await api.db.owner.query(
      `SELECT count(*)::int AS n FROM es_events WHERE type = 'PaymentRecorded' AND stream_id = ANY($1)`,
      [[`invoice-${invoice.id}`, `invoice-${theirs.id}`]],
    );
    expect(rows[0].n).toBe(1);
  });
});

describe('paying invoices without Stripe set up', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  beforeAll(async () => {
    api = await startTestApi({});
  });
  afterAll(() => api?.stop());

  it('payInvoice answers a clear BAD_USER_INPUT, the workspace says payment is offline, webhooks are refused', async () => {
    const setup = await billingSetup(api);
    ws = setup.ws;
    const invoice = await setup.invoice();
    const result = await api.gql(PAY, { id: invoice.id }, ws.token);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0].message).toBe(ONLINE_PAYMENT_OFF);
    const viewer = ok(
      await api.gql(
        `{ viewer { ... on MemberViewer { workspace { onlinePaymentEnabled } } } }`,
        {},
        ws.token,
      ),
    );
    expect(viewer.viewer.workspace.onlinePaymentEnabled).toBe(false);
    const portal = ok(
      await api.gql(`query($s: String!) { portal(slug: $s) { onlinePaymentEnabled } }`, { s: ws.slug }),
    );
    expect(portal.portal.onlinePaymentEnabled).toBe(false);
    const response = await fetch(`${api.url}/webhooks/stripe`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(503);
  });
});
