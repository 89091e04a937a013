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
import { pdfText } from '../../test/pdf-text';

const STATEMENT = `query($id: ID!) { clientStatement(clientId: $id) {
  clientName pdfUrl lines { kind invoiceNumber description currency charge credit balance }
  balances { currency invoiced paid voided balance } } }`;

describe("a client's statement, in the API and as a PDF", () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let clientId: string;
  const numbers: string[] = [];
  let now = new Date('2026-03-01T10:00:00Z');

  const member = (query: string, variables: Record<string, unknown> = {}) =>
    api.gql(query, variables, ws.token).then(ok);
  const at = (iso: string) => {
    now = new Date(iso);
  };

  beforeAll(async () => {
    api = await startTestApi({ PUBLIC_URL: 'https://portal.example.test' }, () => now);
    ws = await createTestWorkspace(api);
    const client = await createClientWithContacts(api, ws, [
      { name: 'Stella', email: 'stella@statement.test' },
    ]);
    clientId = client.clientId;
    await member(
      `mutation($id: ID!) { updateClientBillingDetails(clientId: $id, input: { name: "Stella Ltd" }) { id } }`,
      {
        id: clientId,
      },
    );
    const projectId = (
      await member(`mutation($c: ID!) { createProject(input: { clientId: $c, name: "Site" }) { id } }`, {
        c: clientId,
      })
    ).createProject.id;
    const invoice = async (amount: number, currency = 'EUR', send = true) => {
      const made = (
        await member(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`, {
          input: {
            projectId,
            currency,
            lineItems: [{ description: 'Work', quantity: 1, unitAmount: amount }],
          },
        })
      ).createInvoice;
      if (send) await member(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: made.id });
      numbers.push(made.number);
      return made.id as string;
    };
    at('2026-03-01T10:00:00Z');
    const first = await invoice(30_000);
    at('2026-03-05T10:00:00Z');
    await member(
      `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 30000, method: "bank_transfer") { id } }`,
      {
        id: first,
      },
    );
    at('2026-03-10T10:00:00Z');
    const second = await invoice(50_000);
    at('2026-03-11T10:00:00Z');
    await member(
      `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 20000, method: "cash") { id } }`,
      { id: second },
    );
    at('2026-03-12T10:00:00Z');
    const voided = await invoice(7_000);
    at('2026-03-13T10:00:00Z');
    await member(`mutation($id: ID!) { voidInvoice(id: $id) { id } }`, { id: voided });
    at('2026-03-20T10:00:00Z');
    await invoice(9_900, 'USD');
    await invoice(1_000, 'EUR', false); // a draft: nobody's debt
  });
  afterAll(() => api?.stop());

  it('every sent invoice and every payment in date order, a running balance and the balance per currency', async () => {
    const statement = (await member(STATEMENT, { id: clientId })).clientStatement;
    expect(statement.clientName).toBe('Stella Ltd');
    expect(statement.pdfUrl).toBe(`https://portal.example.test/clients/${clientId}/statement.pdf`);
    expect(statement.lines.map((l: any) => [l.kind, l.invoiceNumber, l.charge, l.credit, l.balance])).toEqual(
      [
        ['INVOICE', numbers[0], 30_000, 0, 30_000],
        ['PAYMENT', numbers[0], 0, 30_000, 0],
        ['INVOICE', numbers[1], 50_000, 0, 50_000],
        ['PAYMENT', numbers[1], 0, 20_000, 30_000],
        ['INVOICE', numbers[2], 7_000, 0, 37_000],
        ['VOID', numbers[2], 0, 7_000, 30_000],
        ['INVOICE', numbers[3], 9_900, 0, 9_900],
      ],
    );
    expect(statement.balances).toEqual([
      { currency: 'EUR', invoiced: 87_000, paid: 50_000, voided: 7_000, balance: 30_000 },
      { currency: 'USD', invoiced: 9_900, paid: 0, voided: 0, balance: 9_900 },
    ]);
    expect(statement.lines.some((l: any) => l.invoiceNumber === numbers[4])).toBe(false);
  });

  it('the PDF reads back with the parties, the lines and the balances', async () => {
    const response = await fetch(`${api.url}/clients/${clientId}/statement.pdf`, {
      headers: { authorization: `Bearer ${ws.token}` },
    });
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
    expect(text).toContain('STATEMENT');
    expect(text).toContain('Statement for');
    expect(text).toContain('Stella Ltd');
    expect(text).toContain(`Invoice ${numbers[0]} 2026-03-01 €300.00 €300.00`);
    expect(text).toContain(`Payment (bank transfer) on ${numbers[0]} 2026-03-05 €300.00 €0.00`);
    expect(text).toContain(`Invoice ${numbers[2]} voided 2026-03-13 €70.00 €300.00`);
    expect(text).toContain('Invoiced (EUR) €870.00');
    expect(text).toContain('Voided €70.00');
    expect(text).toContain('Balance due €300.00');
    expect(text).toContain('Balance due $99.00');
  });

  it("the client's contacts see it; anyone else: null in the API, 404 for the PDF", async () => {
    const contact = await signInAsContact(api, ws.slug, 'stella@statement.test');
    expect(ok(await api.gql(STATEMENT, { id: clientId }, contact)).clientStatement.balances).toHaveLength(2);
    expect(
      (await fetch(`${api.url}/clients/${clientId}/statement.pdf`, { headers: { cookie: contact.cookie } }))
        .status,
    ).toBe(200);
    const other = await createTestWorkspace(api);
    expect(ok(await api.gql(STATEMENT, { id: clientId }, other.token)).clientStatement).toBeNull();
    const sibling = await createClientWithContacts(api, ws, [{ name: 'Sib', email: 'sib@statement.test' }]);
    const sib = await signInAsContact(api, ws.slug, 'sib@statement.test');
    expect(ok(await api.gql(STATEMENT, { id: clientId }, sib)).clientStatement).toBeNull();
    expect(ok(await api.gql(STATEMENT, { id: sibling.clientId }, sib)).clientStatement.lines).toEqual([]);
    expect(errorCode(await api.gql(STATEMENT, { id: clientId }))).toBe('UNAUTHENTICATED');
    for (const headers of [{}, { authorization: `Bearer ${other.token}` }, { cookie: sib.cookie }] as Record<
      string,
      string
    >[])
      expect((await fetch(`${api.url}/clients/${clientId}/statement.pdf`, { headers })).status).toBe(404);
    expect(ok(await api.gql(STATEMENT, { id: 'not-a-uuid' }, ws.token)).clientStatement).toBeNull();
  });
});
