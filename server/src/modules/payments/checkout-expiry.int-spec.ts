import { randomBytes } from 'node:crypto';
import {
  createTestWorkspace,
  errorCode,
  ok,
  signInAsContact,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { createClientWithContacts, waitFor } from '../../test/email.fixture';
import { StripeDouble, type DoubleSession } from '../../test/stripe.double';
import { checkoutCompleted, deliverSigned } from '../../test/stripe-webhook.fixture';
import { startWorker, type RunningWorker } from '../../worker.server';

const WEBHOOK_SECRET = 'whsec_expiry_secret';
const PAY = `mutation($id: ID!) { payInvoice(id: $id) { url } }`;
const RECORD = `mutation($id: ID!, $amount: Int!) { recordPayment(invoiceId: $id, amount: $amount, method: "cash") { id } }`;
const VOID = `mutation($id: ID!) { voidInvoice(id: $id, reason: "Sent twice") { id } }`;
const INVOICE = `query($id: ID!) { invoice(id: $id) { status amountPaid amountDue payments { amount method } } }`;
const OVERPAID = `query($id: ID!) { invoice(id: $id) { amountOverpaid } }`;
const TIMELINE = `query($id: ID!) { project(id: $id) { timeline(first: 10) { edges { node { summary } } } } }`;

interface Billing {
  ws: TestWorkspace;
  contact: { cookie: string };
  projectId: string;
  invoice(unitAmount: number): Promise<string>;
}

/** A workspace (on a connected account, if given), a client with a signed-in contact, a project, and sent invoices. */
async function billing(api: TestApi, account?: string): Promise<Billing> {
  const ws = await createTestWorkspace(api);
  if (account)
    ok(
      await api.gql(
        `mutation($a: String) { connectStripeAccount(accountId: $a) { id } }`,
        { a: account },
        ws.token,
      ),
    );
  const email = `ava-${randomBytes(3).toString('hex')}@client.test`;
  const client = await createClientWithContacts(api, ws, [{ name: 'Ava Contact', email }]);
  const projectId = ok(
    await api.gql(
      `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website" }) { id } }`,
      { c: client.clientId },
      ws.token,
    ),
  ).createProject.id as string;
  const contact = await signInAsContact(api, ws.slug, email);
  return {
    ws,
    contact,
    projectId,
    async invoice(unitAmount) {
      const { id } = ok(
        await api.gql(
          `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`,
          {
            input: {
              projectId,
              currency: 'USD',
              lineItems: [{ description: 'Design', quantity: 1, unitAmount }],
            },
          },
          ws.token,
        ),
      ).createInvoice;
      ok(await api.gql(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id }, ws.token));
      return id as string;
    },
  };
}

describe('open Checkout sessions of an invoice paid another way or voided', () => {
  let stripe: StripeDouble;
  let api: TestApi;
  let worker: RunningWorker;
  let a: Billing;
  let b: Billing;

  beforeAll(async () => {
    stripe = await StripeDouble.start();
    api = await startTestApi({
      PUBLIC_URL: 'https://portal.example.test',
      STRIPE_SECRET_KEY: 'sk_test_expiry',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_URL: stripe.url,
    });
    // Both before the worker starts: its dispatcher takes the sign-in links out of the outbox.
    a = await billing(api);
    b = await billing(api, 'acct_1Bee');
    worker = startWorker(api.context, { runner: { idleMs: 20, standbyMs: 100 } });
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.context.emailQueue.obliterate({ force: true }).catch(() => undefined);
    await api?.stop();
    await stripe?.stop();
  });

  /** The contact presses Pay: the session the double made for it. */
  const checkout = async (who: Billing, invoiceId: string): Promise<DoubleSession> => {
    const { url } = ok(await api.gql(PAY, { id: invoiceId }, who.contact)).payInvoice;
    return stripe.sessions.get(url.split('/').pop())!;
  };
  const expired = (session: DoubleSession) =>
    waitFor(async () => session.status === 'expired', `Stripe to be asked to expire ${session.id}`, 10_000);
  const invoiceOf = async (who: Billing, id: string) =>
    ok(await api.gql(INVOICE, { id }, who.ws.token)).invoice;
  const overpaidOf = async (who: Billing, id: string) =>
    ok(await api.gql(OVERPAID, { id }, who.ws.token)).invoice.amountOverpaid;
  const timelineOf = async (who: Billing, as: string | { cookie: string }) =>
    (
      ok(await api.gql(TIMELINE, { id: who.projectId }, as)).project.timeline.edges as {
        node: { summary: string };
      }[]
    ).map((edge) => edge.node.summary);
  const deliver = (event: object) => deliverSigned(api.url, event, WEBHOOK_SECRET);
  /** Waits until the checkout-expiry processor has read the whole log. */
  const caughtUp = () =>
    waitFor(
      async () =>
        (
          await api.db.owner.query(
            `SELECT EXISTS (SELECT 1 FROM es_checkpoints WHERE processor = 'checkout-expiry')
               AND NOT EXISTS (SELECT 1 FROM es_events e, es_checkpoints c WHERE c.processor = 'checkout-expiry'
                 AND (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)) AS done`,
          )
        ).rows[0].done,
      'the checkout-expiry processor to reach the end of the log',
      10_000,
    );

  it('a payment recorded in cash expires the open session through Stripe’s API', async () => {
    const invoice = await a.invoice(7_000);
    const session = await checkout(a, invoice);
    expect(session).toMatchObject({ amount_total: 7_000, status: 'open' });
    ok(await api.gql(RECORD, { id: invoice, amount: 3_000 }, a.ws.token));
    await expired(session);
    const [request] = stripe.expiries.filter((r) => r.path.includes(session.id));
    expect(request.path).toBe(`/v1/checkout/sessions/${session.id}/expire`);
    expect(request.headers.authorization).toBe('Bearer sk_test_expiry');
    expect(request.headers['stripe-account']).toBeUndefined();
    await caughtUp();
    expect(stripe.expiredIds.filter((id) => id === session.id)).toHaveLength(1);
  });

  it('a session paid all the same is recorded in full: PAID, the excess in amountOverpaid, a members-only line', async () => {
    const invoice = await a.invoice(7_000);
    const session = await checkout(a, invoice);
    ok(await api.gql(RECORD, { id: invoice, amount: 3_000 }, a.ws.token));
    // The customer was on Stripe's page already: the payment lands whatever the expiry did.
    const event = checkoutCompleted(stripe.pay(session.id));
    expect((await deliver(event)).status).toBe(200);
    expect(await invoiceOf(a, invoice)).toEqual({
      status: 'PAID',
      amountPaid: 10_000,
      amountDue: 0,
      payments: [
        { amount: 3_000, method: 'cash' },
        { amount: 7_000, method: 'stripe' },
      ],
    });
    expect(await overpaidOf(a, invoice)).toBe(3_000);
    const line = /\$30\.00 more than was due/;
    expect((await timelineOf(a, a.ws.token)).filter((s) => line.test(s))).toHaveLength(1);
    const seen = await timelineOf(a, a.contact);
    // The contact opened that session: the payment is theirs.
    expect(seen.some((s) => / paid \$70\.00 online on invoice INV-\d+, now paid in full$/.test(s))).toBe(
      true,
    );
    expect(seen.some((s) => line.test(s))).toBe(false);
    // Delivered again: recorded once.
    expect((await deliver(event)).status).toBe(200);
    expect((await invoiceOf(a, invoice)).payments).toHaveLength(2);
    expect(await overpaidOf(a, invoice)).toBe(3_000);
  });

  it('a member’s recordPayment above what is due is still refused on amount, and appends nothing', async () => {
    const invoice = await a.invoice(7_000);
    const count = async () =>
      (
        await api.db.owner.query('SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1', [
          `invoice-${invoice}`,
        ])
      ).rows[0].n;
    const before = await count();
    const result = await api.gql(RECORD, { id: invoice, amount: 7_001 }, a.ws.token);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0].extensions!.field).toBe('amount');
    expect(await count()).toBe(before);
  });

  it('voiding expires the open session; paid all the same, it is recorded on the VOID invoice, all of it overpaid, nothing due', async () => {
    const invoice = await a.invoice(10_000);
    ok(await api.gql(RECORD, { id: invoice, amount: 3_000 }, a.ws.token));
    const session = await checkout(a, invoice);
    expect(session.amount_total).toBe(7_000);
    ok(await api.gql(VOID, { id: invoice }, a.ws.token));
    expect(await invoiceOf(a, invoice)).toMatchObject({ status: 'VOID', amountPaid: 3_000, amountDue: 0 });
    await expired(session);
    expect((await deliver(checkoutCompleted(stripe.pay(session.id)))).status).toBe(200);
    expect(await invoiceOf(a, invoice)).toMatchObject({ status: 'VOID', amountPaid: 10_000, amountDue: 0 });
    expect(await overpaidOf(a, invoice)).toBe(7_000);
    expect((await timelineOf(a, a.ws.token))[0]).toMatch(/voided invoice INV-\d+.*\$70\.00/);
  });

  it('a Stripe payment expires the invoice’s other open sessions, never the one that paid', async () => {
    const invoice = await a.invoice(5_000);
    const first = await checkout(a, invoice);
    stripe.forgetIdempotencyKeys(); // a day later: the same amount due makes a new session
    const second = await checkout(a, invoice);
    expect(second.id).not.toBe(first.id);
    expect((await deliver(checkoutCompleted(stripe.pay(first.id)))).status).toBe(200);
    await expired(second);
    await caughtUp();
    expect(stripe.expiredIds).not.toContain(first.id);
    expect(await invoiceOf(a, invoice)).toMatchObject({ status: 'PAID', amountPaid: 5_000 });
  });

  it('with Stripe down the expiry is retried until Stripe answers: nothing is lost', async () => {
    const invoice = await a.invoice(4_000);
    const session = await checkout(a, invoice);
    stripe.outage = true;
    const asked = stripe.expiries.length;
    ok(await api.gql(RECORD, { id: invoice, amount: 1_000 }, a.ws.token));
    await waitFor(
      async () => stripe.expiries.length >= asked + 2,
      'two tries of the expiry during the outage',
      10_000,
    );
    expect(session.status).toBe('open');
    stripe.outage = false;
    await expired(session);
    await caughtUp();
  });

  it('never touches another workspace’s sessions; a connected workspace’s are expired on its own account', async () => {
    const ours = await a.invoice(6_000);
    const theirs = await b.invoice(6_000);
    const ourSession = await checkout(a, ours);
    const theirSession = await checkout(b, theirs);
    expect(theirSession.account).toBe('acct_1Bee');
    ok(await api.gql(RECORD, { id: ours, amount: 6_000 }, a.ws.token));
    await expired(ourSession);
    await caughtUp();
    expect(theirSession.status).toBe('open');
    expect(stripe.expiredIds).not.toContain(theirSession.id);
    // A member of the other workspace cannot pay ours in cash to reach its sessions.
    expect(errorCode(await api.gql(RECORD, { id: ours, amount: 1 }, b.ws.token))).toBe('NOT_FOUND');
    ok(await api.gql(VOID, { id: theirs }, b.ws.token));
    await expired(theirSession);
    const request = stripe.expiries.find((r) => r.path.includes(theirSession.id))!;
    expect(request.headers['stripe-account']).toBe('acct_1Bee');
  });
});
