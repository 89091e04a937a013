import fc from 'fast-check';
import type { MemberViewer } from '../../auth/viewer';
import { fold } from '../../projections/decider';
import { DomainError } from '../../projections/domain.errors';
import {
  createTestWorkspace,
  errorCode,
  ok,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { commandArbitrary } from '../../test/fixtures/invoice-commands.fixture';
import { amountDueOf, invoiceDecider } from './invoice.decider';
import type { InvoiceEvent } from './invoice.events';

const INVOICE_FIELDS = `id number status currency subtotal taxAmount total amountPaid amountDue issuedAt dueDate paidAt overdue notes
  lineItems { description quantity unitAmount amount } payments { amount method receivedAt } project { id }`;
const CREATE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { ${INVOICE_FIELDS} } }`;

describe('invoices', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let projectId: string;
  let now = new Date('2026-03-01T12:00:00.000Z');
  const as = <T = any>(query: string, variables: Record<string, unknown> = {}) =>
    api.gql<T>(query, variables, ws.token);
  const create = async (overrides: Record<string, unknown> = {}) =>
    ok(
      await as(CREATE, {
        input: {
          projectId,
          currency: 'USD',
          lineItems: [
            { description: 'Design', quantity: 10, unitAmount: 12_500 },
            { description: 'Hosting', quantity: 1.5, unitAmount: 999 },
          ],
          taxRatePercent: 8.875,
          dueDate: '2026-03-31T00:00:00.000Z',
          ...overrides,
        },
      }),
    ).createInvoice;
  const eventCount = async () =>
    (await api.db.owner.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n;
  const timeline = async () =>
    ok(
      await as(
        `query($id: ID!) { project(id: $id) { timeline(first: 1) { edges { node { type summary } } } } }`,
        { id: projectId },
      ),
    ).project.timeline.edges[0].node;

  beforeAll(async () => {
    api = await startTestApi({}, () => now);
    ws = await createTestWorkspace(api);
    const { createClient } = ok(
      await as(`mutation { createClient(input: { name: "Smith & Co", contacts: [] }) { id } }`),
    );
    projectId = ok(
      await as(`mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website" }) { id } }`, {
        c: createClient.id,
      }),
    ).createProject.id;
  });
  afterAll(() => api.stop());

  it('createInvoice: a DRAFT with exact amounts, the read model, a members-only timeline entry', async () => {
    const invoice = await create();
    expect(invoice).toMatchObject({
      number: 'INV-0001',
      status: 'DRAFT',
      currency: 'USD',
      subtotal: 126_499,
      taxAmount: 11_227,
      total: 137_726,
      amountPaid: 0,
      amountDue: 137_726,
      issuedAt: null,
      overdue: false,
      payments: [],
      project: { id: projectId },
    });
    expect(invoice.lineItems[1]).toEqual({
      description: 'Hosting',
      quantity: 1.5,
      unitAmount: 999,
      amount: 1499,
    });
    expect(await timeline()).toEqual({
      type: 'InvoiceCreated',
      summary: 'Ava Owner drafted invoice INV-0001 for $1,377.26',
    });
    const { rows } = await api.db.owner.query(`SELECT type FROM es_events WHERE stream_id = $1`, [
      `invoice-${invoice.id}`,
    ]);
    expect(rows).toEqual([{ type: 'InvoiceCreated' }]);
    const { rows: entries } = await api.db.owner.query(
      `SELECT audience FROM timeline_entries WHERE id = (SELECT event_id::text FROM es_events WHERE stream_id = $1)`,
      [`invoice-${invoice.id}`],
    );
    expect(entries).toEqual([{ audience: 'MEMBERS' }]);
  });

  it('update, send, pay in part, pay in full: each an event, a read model change and a summary', async () => {
    const { id } = await create();
    const updated = ok(
      await as(
        `mutation($id: ID!) { updateInvoice(id: $id, input: { lineItems: [{ description: "Retainer", quantity: 1, unitAmount: 125000 }], taxRatePercent: 0, notes: "Net 30" }) { total notes } }`,
        { id },
      ),
    ).updateInvoice;
    expect(updated).toEqual({ total: 125_000, notes: 'Net 30' });
    expect((await timeline()).summary).toBe(`Ava Owner edited draft invoice INV-0002, now $1,250.00`);

    const sent = ok(
      await as(`mutation($id: ID!) { sendInvoice(id: $id) { status issuedAt } }`, { id }),
    ).sendInvoice;
    expect(sent).toEqual({ status: 'SENT', issuedAt: now.toISOString() });
    expect(await timeline()).toEqual({
      type: 'InvoiceSent',
      summary: 'Ava Owner sent invoice INV-0002 for $1,250.00',
    });

    const part = ok(
      await as(
        `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 50000, method: "Bank_Transfer", note: "wire") { status amountPaid amountDue paidAt payments { amount method } } }`,
        { id },
      ),
    ).recordPayment;
    expect(part).toEqual({
      status: 'PARTIALLY_PAID',
      amountPaid: 50_000,
      amountDue: 75_000,
      paidAt: null,
      payments: [{ amount: 50_000, method: 'bank_transfer' }],
    });
    expect((await timeline()).summary).toBe('Ava Owner recorded a payment of $500.00 on invoice INV-0002');

    const full = ok(
      await as(
        `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 75000, method: "cash") { status amountDue paidAt } }`,
        { id },
      ),
    ).recordPayment;
    expect(full).toEqual({ status: 'PAID', amountDue: 0, paidAt: now.toISOString() });
    expect((await timeline()).summary).toBe(
      'Ava Owner recorded a payment of $750.00 on invoice INV-0002, now paid in full',
    );
  });

  it('each illegal step is a clear error that appends nothing', async () => {
    const draft = await create();
    const paidInFull = await create({
      lineItems: [{ description: 'X', quantity: 1, unitAmount: 100 }],
      taxRatePercent: 0,
    });
    ok(await as(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: paidInFull.id }));
    ok(
      await as(`mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 100, method: "cash") { id } }`, {
        id: paidInFull.id,
      }),
    );
    const before = await eventCount();
    const refusals = [
      await as(`mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 1, method: "cash") { id } }`, {
        id: draft.id,
      }),
      await as(`mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 1, method: "cash") { id } }`, {
        id: paidInFull.id,
      }),
      await as(`mutation($id: ID!) { updateInvoice(id: $id, input: { notes: "late" }) { id } }`, {
        id: paidInFull.id,
      }),
      await as(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: paidInFull.id }),
      await as(`mutation($id: ID!) { voidInvoice(id: $id) { id } }`, { id: paidInFull.id }),
      await as(`mutation($id: ID!) { updateInvoice(id: $id, input: { currency: "EURO" }) { id } }`, {
        id: draft.id,
      }),
      await as(CREATE, {
        input: { projectId, currency: 'USD', lineItems: [{ description: 'X', quantity: 0, unitAmount: 1 }] },
      }),
    ];
    expect(refusals.map((r) => [errorCode(r), r.errors?.[0].extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'id'],
      ['BAD_USER_INPUT', 'id'],
      ['BAD_USER_INPUT', 'id'],
      ['BAD_USER_INPUT', 'id'],
      ['BAD_USER_INPUT', 'id'],
      ['BAD_USER_INPUT', 'input.currency'],
      ['BAD_USER_INPUT', 'input.lineItems.0.quantity'],
    ]);
    expect(refusals[1].errors?.[0].message).toMatch(/is PAID/);
    ok(await as(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: draft.id }));
    const over = await as(
      `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 137727, method: "cash") { id } }`,
      { id: draft.id },
    );
    expect(over.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'amount' });
    expect(await eventCount()).toBe(before + 1);
  });

  it('voids: a draft quietly, a sent invoice in the client-facing timeline', async () => {
    const draft = await create();
    ok(
      await as(`mutation($id: ID!) { voidInvoice(id: $id, reason: "Duplicate") { status } }`, {
        id: draft.id,
      }),
    );
    const sent = await create();
    ok(await as(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: sent.id }));
    ok(await as(`mutation($id: ID!) { voidInvoice(id: $id) { status } }`, { id: sent.id }));
    const { rows } = await api.db.owner.query(
      `SELECT t.audience, t.summary FROM timeline_entries t WHERE t.type = 'InvoiceVoided' ORDER BY position`,
    );
    expect(rows).toEqual([
      { audience: 'MEMBERS', summary: `Ava Owner voided invoice ${draft.number}: Duplicate` },
      { audience: 'CONTACTS', summary: `Ava Owner voided invoice ${sent.number}` },
    ]);
  });

  it('overdue is computed when read, from the clock', async () => {
    const { id } = await create({ dueDate: '2026-03-10T00:00:00.000Z' });
    ok(await as(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id }));
    const overdue = async () =>
      ok(await as(`query($id: ID!) { invoice(id: $id) { overdue } }`, { id })).invoice.overdue;
    expect(await overdue()).toBe(false);
    now = new Date('2026-03-11T00:00:00.000Z');
    expect(await overdue()).toBe(true);
    ok(
      await as(
        `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 137726, method: "cash") { id } }`,
        { id },
      ),
    );
    expect(await overdue()).toBe(false);
    now = new Date('2026-03-01T12:00:00.000Z');
  });

  it('20 concurrent createInvoice in one workspace give 20 distinct consecutive numbers', async () => {
    const other = await createTestWorkspace(api);
    const otherClient = ok(
      await api.gql(`mutation { createClient(input: { name: "C", contacts: [] }) { id } }`, {}, other.token),
    ).createClient.id;
    const otherProject = ok(
      await api.gql(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "P" }) { id } }`,
        { c: otherClient },
        other.token,
      ),
    ).createProject.id;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.gql(
          CREATE,
          {
            input: {
              projectId: otherProject,
              currency: 'EUR',
              lineItems: [{ description: 'X', quantity: 1, unitAmount: 100 }],
            },
          },
          other.token,
        ),
      ),
    );
    const numbers = results.map((r) => ok(r).createInvoice.number).sort();
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => `INV-${String(i + 1).padStart(4, '0')}`));
  });

  it('unknown and foreign ids: null in queries, NOT_FOUND in mutations', async () => {
    const mine = await create();
    const stranger = await createTestWorkspace(api, 'Sam Stranger');
    const theirs = <T = any>(query: string, variables: Record<string, unknown>) =>
      api.gql<T>(query, variables, stranger.token);
    expect(
      ok(await theirs(`query($id: ID!) { invoice(id: $id) { id } }`, { id: mine.id })).invoice,
    ).toBeNull();
    expect(ok(await theirs(`query { invoice(id: "nope") { id } }`, {})).invoice).toBeNull();
    for (const mutation of [
      `mutation($id: ID!) { updateInvoice(id: $id, input: { notes: "x" }) { id } }`,
      `mutation($id: ID!) { sendInvoice(id: $id) { id } }`,
      `mutation($id: ID!) { voidInvoice(id: $id) { id } }`,
      `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 1, method: "cash") { id } }`,
    ]) {
      expect(errorCode(await theirs(mutation, { id: mine.id }))).toBe('NOT_FOUND');
    }
    expect(errorCode(await theirs(CREATE, { input: { projectId, currency: 'USD', lineItems: [] } }))).toBe(
      'NOT_FOUND',
    );
    expect(
      ok(await as(`query($id: ID!) { invoice(id: $id) { status notes } }`, { id: mine.id })).invoice,
    ).toEqual({ status: 'DRAFT', notes: null });
  });

  it('several tax rates: a rate and label per line, totals per rate, kept through an edit of the default', async () => {
    const invoice = ok(
      await as(
        `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
           id subtotal taxAmount total taxRatePercent taxLabel
           lineItems { description amount taxRatePercent taxLabel }
           taxLines { label ratePercent taxableAmount taxAmount } } }`,
        {
          input: {
            projectId,
            currency: 'EUR',
            taxRatePercent: 20,
            taxLabel: 'VAT',
            lineItems: [
              { description: 'Design', quantity: 2, unitAmount: 50_000 },
              { description: 'Book', quantity: 1, unitAmount: 2_000, taxRatePercent: 5.5 },
              { description: 'Stamps', quantity: 1, unitAmount: 300, taxRatePercent: 0 },
            ],
          },
        },
      ),
    ).createInvoice;
    expect(invoice).toMatchObject({
      subtotal: 102_300,
      taxAmount: 20_110,
      total: 122_410,
      taxRatePercent: 20,
      taxLabel: 'VAT',
      lineItems: [
        { description: 'Design', amount: 100_000, taxRatePercent: 20, taxLabel: 'VAT' },
        { description: 'Book', amount: 2_000, taxRatePercent: 5.5, taxLabel: 'VAT' },
        { description: 'Stamps', amount: 300, taxRatePercent: 0, taxLabel: 'VAT' },
      ],
      taxLines: [
        { label: 'VAT', ratePercent: 20, taxableAmount: 100_000, taxAmount: 20_000 },
        { label: 'VAT', ratePercent: 5.5, taxableAmount: 2_000, taxAmount: 110 },
      ],
    });
    const updated = ok(
      await as(
        `mutation($id: ID!) { updateInvoice(id: $id, input: { taxRatePercent: 10 }) {
           total taxLines { label ratePercent taxAmount } } }`,
        { id: invoice.id },
      ),
    ).updateInvoice;
    expect(updated).toEqual({
      total: 102_300 + 10_000 + 110,
      taxLines: [
        { label: 'VAT', ratePercent: 10, taxAmount: 10_000 },
        { label: 'VAT', ratePercent: 5.5, taxAmount: 110 },
      ],
    });
    const refused = await as(
      `mutation($id: ID!) { updateInvoice(id: $id, input: { lineItems: [{ description: "X", quantity: 1, unitAmount: 1, taxRatePercent: 120 }] }) { id } }`,
      { id: invoice.id },
    );
    expect(refused.errors?.[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.lineItems.0.taxRatePercent',
    });
  });

  it('sendInvoice for an archived client, or while the portal is off, is BAD_USER_INPUT saying why, and appends nothing', async () => {
    const { createClient } = ok(
      await as(
        `mutation { createClient(input: { name: "Gone Ltd", contacts: [{ name: "G", email: "g@gone.test" }] }) { id } }`,
      ),
    );
    const otherProject = ok(
      await as(`mutation($c: ID!) { createProject(input: { clientId: $c, name: "Old" }) { id } }`, {
        c: createClient.id,
      }),
    ).createProject.id;
    const { id } = await create({ projectId: otherProject });
    ok(await as(`mutation($id: ID!) { archiveClient(id: $id) { id } }`, { id: createClient.id }));
    const before = await eventCount();
    const archived = await as(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id });
    expect(archived.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(archived.errors?.[0].message).toMatch(/Gone Ltd is archived.*Unarchive the client first/);
    ok(await as(`mutation($id: ID!) { unarchiveClient(id: $id) { id } }`, { id: createClient.id }));
    ok(await as(`mutation { setPortalEnabled(enabled: false) { id } }`));
    const afterToggles = await eventCount();
    expect(afterToggles).toBe(before + 2);
    const closed = await as(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id });
    expect(closed.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(closed.errors?.[0].message).toMatch(/portal is turned off/);
    expect(await eventCount()).toBe(afterToggles);
    ok(await as(`mutation { setPortalEnabled(enabled: true) { id } }`));
    expect(
      ok(await as(`mutation($id: ID!) { sendInvoice(id: $id) { status } }`, { id })).sendInvoice.status,
    ).toBe('SENT');
  });

  it('over random command sequences, the read model always equals a fold of the stream (fast-check)', async () => {
    const viewer: MemberViewer = {
      kind: 'MEMBER',
      memberId: ws.ownerId,
      workspaceId: ws.workspaceId,
      name: 'Ava Owner',
      email: 'a@b.test',
      role: 'OWNER',
      sessionId: null,
      tokenId: 't',
    };
    const invoices = api.context.services.invoices;
    await fc.assert(
      fc.asyncProperty(fc.array(commandArbitrary, { maxLength: 10 }), async (commands) => {
        const { id } = await invoices.create(
          viewer,
          {
            projectId,
            currency: 'USD',
            lineItems: [{ description: 'Start', quantity: 2, unitAmount: 1000 }],
          },
          'prop',
        );
        for (const command of commands) {
          const attempt = (() => {
            switch (command.type) {
              case 'UpdateInvoice':
                return invoices.update(viewer, id, command.changes, 'prop');
              case 'SendInvoice':
                return invoices.send(viewer, id, 'prop');
              case 'VoidInvoice':
                return invoices.void(viewer, id, command.reason, 'prop');
              case 'RecordPayment':
                // A provider's payment comes the way Stripe's do: a verified event (this API has no key: test mode).
                if (command.reference)
                  return api.context.services.payments.handleStripeEvent({
                    id: `evt_${command.paymentId}`,
                    type: 'checkout.session.completed',
                    livemode: false,
                    data: {
                      object: {
                        id: `cs_${command.paymentId}`,
                        payment_status: 'paid',
                        amount_total: command.amount,
                        currency: 'usd',
                        payment_intent: command.reference,
                        metadata: { invoiceId: id },
                      },
                    },
                  } as never);
                return invoices.recordPayment(
                  viewer,
                  id,
                  { amount: command.amount, method: command.method, note: command.note },
                  'prop',
                );
              default:
                throw new Error(`no such command in the sequence: ${command.type}`);
            }
          })();
          await attempt.catch((error) => {
            if (!(error instanceof DomainError)) throw error;
          });
        }
        const events = (await api.context.store.readStream(`invoice-${id}`)) as unknown as InvoiceEvent[];
        const state = fold(invoiceDecider, events);
        const row = (await invoices.byId(viewer, id))!;
        expect({
          status: row.status,
          currency: row.currency,
          lineItems: row.lineItems,
          subtotal: row.subtotal,
          taxAmount: row.taxAmount,
          total: row.total,
          amountPaid: row.amountPaid,
          amountDue: row.amountDue,
          amountOverpaid: row.amountOverpaid,
        }).toEqual({
          status: state.status,
          currency: state.currency,
          lineItems: state.lineItems,
          subtotal: state.subtotal,
          taxAmount: state.taxAmount,
          total: state.total,
          amountPaid: state.amountPaid,
          amountDue: amountDueOf(state),
          amountOverpaid: state.amountOverpaid,
        });
        const payments =
          (
            await api.db.owner.query(
              'SELECT sum(amount)::int AS paid FROM invoice_payments WHERE invoice_id = $1',
              [id],
            )
          ).rows[0].paid ?? 0;
        expect(payments).toBe(state.amountPaid);
      }),
      { numRuns: 25 },
    );
  });
});
