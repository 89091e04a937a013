import {
  createTestWorkspace,
  ok,
  signInAsContact,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { deflateSync, crc32 } from 'node:zlib';
import { createClientWithContacts } from '../../test/email.fixture';
import { COMPLETE_BRANDING_UPLOAD, postForm, requestUpload } from '../../test/upload.fixture';
import { pdfText as textOf } from '../../test/pdf-text';

/** A small valid PNG (8×8, one colour), as a logo. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(8, 0);
  header.writeUInt32BE(8, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB
  const rows = Buffer.concat(
    Array.from({ length: 8 }, () =>
      Buffer.from([0, ...Array.from({ length: 8 }, () => [51, 85, 255]).flat()]),
    ),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function pdfText(response: Response): Promise<string> {
  return textOf(new Uint8Array(await response.arrayBuffer()));
}

describe('GET /invoices/<id>.pdf', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let invoice: { id: string; number: string };
  let draft: { id: string };
  let contact: { cookie: string };

  beforeAll(async () => {
    api = await startTestApi({});
    ws = await createTestWorkspace(api);
    ok(
      await api.gql(
        `mutation { updateBranding(input: { companyName: "Acme Studio" }) { id } }`,
        {},
        ws.token,
      ),
    );
    ok(
      await api.gql(
        `mutation($input: BillingProfileInput!) { updateBillingProfile(input: $input) { id } }`,
        {
          input: {
            legalName: 'Acme Studio Ltd',
            address: '1 High Street\nLondon N1 1AA',
            taxId: 'GB123456789',
            paymentInstructions: 'Bank transfer: IBAN GB33 BUKB 2020 1555 5555 55',
          },
        },
        ws.token,
      ),
    );
    const client = await createClientWithContacts(api, ws, [{ name: 'Ava', email: 'ava@pdf-client.test' }]);
    ok(
      await api.gql(
        `mutation($id: ID!, $input: ClientBillingDetailsInput!) { updateClientBillingDetails(clientId: $id, input: $input) { id } }`,
        {
          id: client.clientId,
          input: { name: 'Smith & Co SARL', address: '2 Rue Haute\n75001 Paris', taxId: 'FR40303265045' },
        },
        ws.token,
      ),
    );
    const projectId = ok(
      await api.gql(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website" }) { id } }`,
        { c: client.clientId },
        ws.token,
      ),
    ).createProject.id;
    const create = async () =>
      ok(
        await api.gql(
          `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`,
          {
            input: {
              projectId,
              currency: 'USD',
              lineItems: [
                { description: 'Logo design', quantity: 1, unitAmount: 100_000 },
                { description: 'Hosting', quantity: 12, unitAmount: 1_500 },
                {
                  description: 'Style guide (printed)',
                  quantity: 1,
                  unitAmount: 10_000,
                  taxRatePercent: 5.5,
                },
              ],
              taxRatePercent: 20,
              taxLabel: 'VAT',
              dueDate: '2026-05-31T00:00:00.000Z',
              notes: 'Thank you for your business.',
            },
          },
          ws.token,
        ),
      ).createInvoice;
    invoice = await create();
    draft = await create();
    ok(await api.gql(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: invoice.id }, ws.token));
    ok(
      await api.gql(
        `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 29800, method: "bank_transfer") { id } }`,
        { id: invoice.id },
        ws.token,
      ),
    );
    contact = await signInAsContact(api, ws.slug, 'ava@pdf-client.test');
  });
  afterAll(() => api?.stop());

  const get = (id: string, headers: Record<string, string> = {}) =>
    fetch(`${api.url}/invoices/${id}.pdf`, { headers });

  it("a member (Bearer) gets the PDF an accountant expects: both parties' particulars, dates, rates, totals, paid, due, notes, how to pay", async () => {
    const response = await get(invoice.id, { authorization: `Bearer ${ws.token}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(response);
    // The issuer: brand, legal name, address, tax id.
    expect(text).toContain('Acme Studio');
    expect(text).toContain('Acme Studio Ltd');
    expect(text).toContain('1 High Street');
    expect(text).toContain('London N1 1AA');
    expect(text).toContain('Tax ID: GB123456789');
    // The client's billing name, address and tax id.
    expect(text).toContain('Bill to');
    expect(text).toContain('Smith & Co SARL');
    expect(text).toContain('75001 Paris');
    expect(text).toContain('Tax ID: FR40303265045');
    // Number, dates, status.
    expect(text).toMatch(new RegExp(`Invoice:\\s+${invoice.number}`));
    expect(text).toMatch(/Issued:\s+\d{4}-\d{2}-\d{2}/);
    expect(text).toMatch(/Due:\s+2026-05-31/);
    expect(text).toContain('PARTIALLY PAID');
    // Lines with their rate, totals per rate.
    expect(text).toContain('Hosting 12 $15.00 VAT 20% $180.00');
    expect(text).toContain('Style guide (printed) 1 $100.00 VAT 5.5% $100.00');
    expect(text).toContain('Subtotal $1,280.00');
    expect(text).toContain('VAT 20% on $1,180.00 $236.00');
    expect(text).toContain('VAT 5.5% on $100.00 $5.50');
    expect(text).toContain('Total tax $241.50');
    expect(text).toContain('Total $1,521.50');
    expect(text).toContain('Paid $298.00');
    expect(text).toContain('Amount due $1,223.50');
    expect(text).toMatch(/bank_transfer \$298\.00/);
    expect(text).toContain('Thank you for your business.');
    // No online payment here: the instructions are the way to pay.
    expect(text).toContain('How to pay');
    expect(text).toContain('IBAN GB33 BUKB 2020 1555 5555 55');
    expect(text).not.toContain('Pay online');
  });

  it('a contact of the client (session cookie) gets it; not a draft', async () => {
    const response = await get(invoice.id, { cookie: contact.cookie });
    expect(response.status).toBe(200);
    expect(await pdfText(response)).toContain(invoice.number);
    expect((await get(draft.id, { cookie: contact.cookie })).status).toBe(404);
  });

  it("carries the workspace's logo once one is uploaded", async () => {
    const before = Buffer.from(
      await (await get(invoice.id, { authorization: `Bearer ${ws.token}` })).arrayBuffer(),
    );
    expect(before.includes('/Subtype /Image')).toBe(false);
    const logo = png();
    const ticket = await requestUpload(api, ws.token, {
      purpose: 'LOGO',
      fileName: 'logo.png',
      contentType: 'image/png',
      size: logo.length,
    });
    expect((await postForm(ticket, logo)).status).toBe(204);
    ok(await api.gql(COMPLETE_BRANDING_UPLOAD, { id: ticket.uploadId }, ws.token));
    const after = Buffer.from(
      await (await get(invoice.id, { authorization: `Bearer ${ws.token}` })).arrayBuffer(),
    );
    expect(after.includes('/Subtype /Image')).toBe(true);
  });

  it('the PDF and the 404 say nosniff (a browser never takes either for anything else)', async () => {
    const pdf = await get(invoice.id, { authorization: `Bearer ${ws.token}` });
    expect([pdf.status, pdf.headers.get('x-content-type-options')]).toEqual([200, 'nosniff']);
    const missing = await get(invoice.id);
    expect([missing.status, missing.headers.get('x-content-type-options')]).toEqual([404, 'nosniff']);
  });

  it('strangers get 404: anonymous, another workspace, unknown ids', async () => {
    expect((await get(invoice.id)).status).toBe(404);
    const other = await createTestWorkspace(api);
    expect((await get(invoice.id, { authorization: `Bearer ${other.token}` })).status).toBe(404);
    expect((await get(invoice.id, { authorization: 'Bearer nonsense' })).status).toBe(404);
    expect((await get('not-a-uuid', { authorization: `Bearer ${ws.token}` })).status).toBe(404);
  });
});
