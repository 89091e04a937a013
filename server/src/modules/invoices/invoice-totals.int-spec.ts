import {
  createTestWorkspace,
  errorCode,
  ok,
  signInAsContact,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';

const TOTALS = `query($input: InvoiceTotalsInput!) { invoiceTotals(input: $input) {
  lineItems { description amount taxRatePercent } taxLines { label ratePercent taxableAmount taxAmount } subtotal taxAmount total } }`;
const CREATE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
  lineItems { description amount taxRatePercent } taxLines { label ratePercent taxableAmount taxAmount } subtotal taxAmount total } }`;

describe("invoiceTotals: the console's live totals", () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let projectId: string;
  const events = async () => (await api.db.owner.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createTestWorkspace(api);
    const { createClient } = ok(
      await api.gql(
        `mutation { createClient(input: { name: "Smith & Co", contacts: [{ name: "Jane", email: "jane@smith.test" }] }) { id } }`,
        {},
        ws.token,
      ),
    );
    projectId = ok(
      await api.gql(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website" }) { id } }`,
        { c: createClient.id },
        ws.token,
      ),
    ).createProject.id;
  });
  afterAll(() => api.stop());

  it('computes exactly what saving the same draft stores, rounding and rates per line included, and appends nothing', async () => {
    const drafts = [
      {
        currency: 'USD',
        taxRatePercent: 8.875,
        lineItems: [
          { description: 'Design', quantity: 10, unitAmount: 12_500 },
          { description: 'Hosting', quantity: 1.5, unitAmount: 999, taxRatePercent: 0 },
        ],
      },
      {
        currency: 'EUR',
        taxRatePercent: 20,
        taxLabel: 'VAT',
        lineItems: [
          { description: 'Hours', quantity: 3.333, unitAmount: 3_333 },
          { description: 'Books', quantity: 2, unitAmount: 1_999, taxRatePercent: 5.5 },
        ],
      },
      { currency: 'JPY', lineItems: [{ description: 'Sticker', quantity: 7, unitAmount: 333 }] },
    ];
    for (const draft of drafts) {
      const before = await events();
      const totals = ok(await api.gql(TOTALS, { input: draft }, ws.token)).invoiceTotals;
      expect(await events()).toBe(before);
      const saved = ok(await api.gql(CREATE, { input: { ...draft, projectId } }, ws.token)).createInvoice;
      expect(totals).toEqual(saved);
      expect(totals.total).toBe(totals.subtotal + totals.taxAmount);
    }
  });

  it('refuses what saving refuses, naming the field as createInvoice does', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [
        { currency: 'DOLLARS', lineItems: [{ description: 'A', quantity: 1, unitAmount: 1 }] },
        'input.currency',
      ],
      [
        { currency: 'USD', lineItems: [{ description: 'A', quantity: 0, unitAmount: 1 }] },
        'input.lineItems.0.quantity',
      ],
      [
        {
          currency: 'USD',
          lineItems: [
            { description: 'A', quantity: 1, unitAmount: 1 },
            { description: ' ', quantity: 1, unitAmount: 5 },
          ],
        },
        'input.lineItems.1.description',
      ],
      [
        {
          currency: 'USD',
          taxRatePercent: 150,
          lineItems: [{ description: 'A', quantity: 1, unitAmount: 1 }],
        },
        'input.taxRatePercent',
      ],
      [
        { currency: 'USD', lineItems: [{ description: 'A', quantity: 1_000, unitAmount: 999_999_999 }] },
        'input.lineItems.0.unitAmount',
      ],
    ];
    for (const [input, field] of cases) {
      const totals = await api.gql(TOTALS, { input }, ws.token);
      const created = await api.gql(CREATE, { input: { ...input, projectId } }, ws.token);
      expect([errorCode(totals), totals.errors?.[0].extensions?.field]).toEqual(['BAD_USER_INPUT', field]);
      expect(created.errors?.[0].extensions?.field).toBe(field);
      expect(totals.errors?.[0].message).toBe(created.errors?.[0].message);
    }
  });

  it('is for members only: a contact and an anonymous caller are refused', async () => {
    const input = { currency: 'USD', lineItems: [{ description: 'A', quantity: 1, unitAmount: 100 }] };
    const jane = await signInAsContact(api, ws.slug, 'jane@smith.test');
    expect(errorCode(await api.gql(TOTALS, { input }, jane))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(TOTALS, { input }))).toBe('UNAUTHENTICATED');
  });
});
