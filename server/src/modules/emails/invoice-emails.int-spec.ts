import { createMailer } from '../../integrations/mailer.factory';
import {
  createTestWorkspace,
  ok,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import {
  createClientWithContacts,
  startEmailPipeline,
  testQueuePrefix,
  type EmailPipeline,
  type TestContact,
} from '../../test/email.fixture';
import { pdfText } from '../../test/pdf-text';
import { SendGridDouble } from '../../test/sendgrid.double';

const PUBLIC_URL = 'https://portal.example.test';

function parts(mail: any): { text: string; html: string } {
  const by = Object.fromEntries(mail.content.map((c: { type: string; value: string }) => [c.type, c.value]));
  return { text: by['text/plain'], html: by['text/html'] };
}

describe('invoice and receipt emails', () => {
  let double: SendGridDouble;
  let api: TestApi;
  let ws: TestWorkspace;
  let contacts: TestContact[];
  let projectId: string;
  let pipeline: EmailPipeline;

  beforeAll(async () => {
    double = await SendGridDouble.start();
    api = await startTestApi({
      SENDGRID_API_KEY: 'test-key',
      SENDGRID_API_URL: double.url,
      EMAIL_FROM: 'portal@studio.test',
      PUBLIC_URL,
    });
    ws = await createTestWorkspace(api);
    ok(
      await api.gql(
        `mutation { updateBranding(input: { companyName: "Acme Studio", accentColor: "#aa3300" }) { id } }`,
        {},
        ws.token,
      ),
    );
    const client = await createClientWithContacts(api, ws, [
      { name: 'Ava Contact', email: 'ava@invoice-client.test' },
      { name: 'Bob Contact', email: 'bob@invoice-client.test' },
      { name: 'Cy Gone', email: 'cy@invoice-client.test' },
    ]);
    contacts = client.contacts;
    ok(
      await api.gql(
        `mutation($c: ID!) { removeContact(contactId: $c) { id } }`,
        { c: contacts[2].id },
        ws.token,
      ),
    );
    projectId = ok(
      await api.gql(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website" }) { id } }`,
        { c: client.clientId },
        ws.token,
      ),
    ).createProject.id;
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

  it('InvoiceSent: one email per live contact with the number, total, due date, its PDF and a key link; a receipt with its PDF per payment', async () => {
    const invoice = ok(
      await api.gql(
        `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`,
        {
          input: {
            projectId,
            currency: 'USD',
            lineItems: [{ description: 'Design', quantity: 2, unitAmount: 62_500 }],
            dueDate: '2026-03-31T00:00:00.000Z',
          },
        },
        ws.token,
      ),
    ).createInvoice;
    ok(await api.gql(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: invoice.id }, ws.token));
    await double.waitForRequests(2);
    const link = new RegExp(`${PUBLIC_URL}/p/${ws.slug}/invoices/${invoice.id}\\?key=[A-Za-z0-9_-]{43}`);
    const invoiceMails = double.mails;
    expect(invoiceMails.map((m) => m.personalizations[0].to[0].email).sort()).toEqual([
      'ava@invoice-client.test',
      'bob@invoice-client.test',
    ]);
    const { rows: owner } = await api.db.owner.query('SELECT email FROM members WHERE id = $1', [ws.ownerId]);
    for (const mail of invoiceMails) {
      expect(mail.subject).toBe(`Invoice ${invoice.number} from Acme Studio`);
      // SendGrid too: replies go to the workspace (its owner), the sender is named by the company.
      expect(mail.reply_to).toEqual({ email: owner[0].email, name: 'Acme Studio' });
      expect(mail.from).toEqual({ email: expect.any(String), name: 'Acme Studio' });
      const { text, html } = parts(mail);
      expect(text).toContain(`invoice ${invoice.number} for $1,250.00, due 2026-03-31`);
      const sent = link.exec(text)![0];
      expect(html).toContain(`href="${sent}"`);
      expect(html).toContain('background:#aa3300');
      // No Stripe here: the button views; how to pay is on the attached invoice.
      expect(text).toContain('How to pay is on the invoice.');
      expect(mail.attachments.map((a: { filename: string }) => a.filename)).toEqual([
        `${invoice.number}.pdf`,
      ]);
      expect(await pdfText(Buffer.from(mail.attachments[0].content, 'base64'))).toContain('Total $1,250.00');
    }

    double.reset();
    ok(
      await api.gql(
        `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 50000, method: "bank_transfer") { id } }`,
        { id: invoice.id },
        ws.token,
      ),
    );
    await double.waitForRequests(2);
    for (const mail of double.mails) {
      expect(mail.subject).toBe(`Receipt for invoice ${invoice.number} from Acme Studio`);
      const { text } = parts(mail);
      expect(text).toContain('received a payment of $500.00');
      expect(text).toContain('$750.00 is still due, due 2026-03-31');
      expect(text).toMatch(link);
      expect(mail.attachments[0]).toMatchObject({
        filename: `Receipt ${invoice.number}.pdf`,
        type: 'application/pdf',
      });
      const receipt = await pdfText(Buffer.from(mail.attachments[0].content, 'base64'));
      expect(receipt).toContain('RECEIPT');
      expect(receipt).toContain('bank_transfer $500.00');
      expect(receipt).toContain('Still due $750.00');
    }
    expect(double.mails.map((m) => m.personalizations[0].to[0].email).sort()).toEqual([
      'ava@invoice-client.test',
      'bob@invoice-client.test',
    ]);
  });
});
