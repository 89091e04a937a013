import { MailerError } from '../../integrations/mailer';
import { createMailer } from '../../integrations/mailer.factory';
import { SmtpMailer } from '../../integrations/smtp.mailer';
import { freePort } from '../../start/fallbacks';
import {
  createTestWorkspace,
  ok,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import {
  createClientWithContacts,
  deliveries,
  requestSignInLink,
  startEmailPipeline,
  testQueuePrefix,
  waitFor,
  type EmailPipeline,
  type TestContact,
} from '../../test/email.fixture';
import { TestSmtpServer, type ReceivedMail } from '../../test/smtp-server';

const PUBLIC_URL = 'http://portal.example.test';
const CREDENTIALS = { user: 'portal-mailer', pass: 's3cret:pass/word' };

/** SMTP_URL: the real pipeline (dispatcher, BullMQ, worker, nodemailer) to a real SMTP server this test runs. */
describe('email through SMTP_URL', () => {
  let smtp: TestSmtpServer;
  let api: TestApi;
  let ws: TestWorkspace;
  let pipeline: EmailPipeline;
  let contacts: TestContact[];
  let clientId: string;
  let owner: { email: string; company: string };

  beforeAll(async () => {
    smtp = await TestSmtpServer.start({
      auth: CREDENTIALS,
      refuse: (to) =>
        to === 'full@client.test'
          ? { code: 452, message: 'Mailbox full, try again later' }
          : to === 'nobody@client.test'
            ? { code: 550, message: 'No such user here' }
            : null,
    });
    api = await startTestApi({
      PUBLIC_URL,
      SMTP_URL: smtp.url(CREDENTIALS),
      EMAIL_FROM: 'portal@studio.test',
      EMAIL_REPLY_TO: 'replies@studio.test',
    });
    ws = await createTestWorkspace(api);
    ({ clientId, contacts } = await createClientWithContacts(api, ws, [
      { name: 'Ava Contact', email: 'ava@client.test' },
      { name: 'Bob Contact', email: 'bob@client.test' },
    ]));
    const { rows } = await api.db.owner.query(
      `SELECT m.email, w.company_name FROM members m JOIN workspaces w ON w.id = m.workspace_id WHERE m.id = $1`,
      [ws.ownerId],
    );
    owner = { email: rows[0].email, company: rows[0].company_name };
    const mailer = createMailer(api.context.config, api.context.pool);
    expect(mailer.name).toBe('smtp');
    pipeline = startEmailPipeline(api.context, { prefix: testQueuePrefix(), mailer, attempts: 2 });
  });

  afterAll(async () => {
    await pipeline?.stopAndClean();
    await api?.stop();
    await smtp?.stop();
  });

  const received = (to: string, count = 1) =>
    waitFor(async () => {
      const found = smtp.messages.filter((message) => message.to.includes(to));
      return found.length >= count ? found : null;
    }, `${count} message(s) to ${to}`);
  const address = (mail: ReceivedMail, header: 'from' | 'to' | 'replyTo') => {
    const value = mail.parsed[header];
    return (Array.isArray(value) ? value[0] : value)?.value;
  };

  it('sends a sign-in email: recipient, subject, the link, Reply-To the workspace, sender named by the company', async () => {
    const { eventId, token } = await requestSignInLink(api.context, {
      workspaceId: ws.workspaceId,
      clientId,
      contactId: contacts[0].id,
    });
    const [mail] = await received('ava@client.test');
    expect(mail.from).toBe('portal@studio.test');
    expect(mail.to).toEqual(['ava@client.test']);
    expect(smtp.logins).toContain(CREDENTIALS.user);
    expect(address(mail, 'to')).toEqual([{ address: 'ava@client.test', name: 'Ava Contact' }]);
    expect(address(mail, 'from')).toEqual([{ address: 'portal@studio.test', name: owner.company }]);
    expect(address(mail, 'replyTo')).toEqual([{ address: owner.email, name: owner.company }]);
    expect(mail.parsed.subject).toBe(`Your sign-in link for ${owner.company}`);
    const link = `${PUBLIC_URL}/p/${ws.slug}/auth?token=${token}`;
    expect(mail.parsed.text).toContain(link);
    expect(mail.parsed.html).toContain(link);
    expect(mail.parsed.headers.get('x-portal-category')).toBe('sign-in');

    // The SMTP server has the message once DATA ends; the worker records it sent when the server answers.
    await waitFor(
      async () => (await deliveries(api.db)).some((row) => row.event_id === eventId && row.status === 'sent'),
      'the sign-in email to be recorded sent',
    );
    const sent = (await deliveries(api.db)).filter((row) => row.event_id === eventId);
    expect(sent).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })]);
    expect(sent[0].provider_message_id).toBe(mail.parsed.messageId);
  });

  it('sends the invoice email to every contact, with the number, the link and the same Reply-To', async () => {
    const projectId = ok(
      await api.gql(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website" }) { id } }`,
        { c: clientId },
        ws.token,
      ),
    ).createProject.id;
    const invoice = ok(
      await api.gql(
        `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`,
        {
          input: {
            projectId,
            currency: 'USD',
            lineItems: [{ description: 'Design', quantity: 1, unitAmount: 50_000 }],
          },
        },
        ws.token,
      ),
    ).createInvoice;
    ok(await api.gql(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: invoice.id }, ws.token));
    for (const contact of contacts) {
      const mails = await waitFor(async () => {
        const found = smtp.messages.filter(
          (message) => message.to.includes(contact.email) && message.parsed.subject?.includes(invoice.number),
        );
        return found.length ? found : null;
      }, `the invoice email to ${contact.email}`);
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      expect(address(mail, 'replyTo')).toEqual([{ address: owner.email, name: owner.company }]);
      // The invoice's own page, by a key of this contact's (no sign-in), and the PDF attached.
      expect(mail.parsed.text).toMatch(
        new RegExp(`${PUBLIC_URL}/p/${ws.slug}/invoices/${invoice.id}\\?key=[A-Za-z0-9_-]{43}`),
      );
      expect(
        mail.parsed.attachments.map((a) => [a.filename, a.contentType, a.content.subarray(0, 5).toString()]),
      ).toEqual([[`${invoice.number}.pdf`, 'application/pdf', '%PDF-']]);
      expect(mail.parsed.text).toContain('$500.00');
    }
  });

  it('falls back to EMAIL_REPLY_TO for a workspace without a reply address of its own', async () => {
    const other = await createTestWorkspace(api, 'Owner Gone');
    const client = await createClientWithContacts(api, other, [{ name: 'Cy', email: 'cy@client.test' }]);
    await api.db.owner.query('DELETE FROM members WHERE workspace_id = $1', [other.workspaceId]);
    await requestSignInLink(api.context, {
      workspaceId: other.workspaceId,
      clientId: client.clientId,
      contactId: client.contacts[0].id,
    });
    const [mail] = await received('cy@client.test');
    expect(address(mail, 'replyTo')?.[0]?.address).toBe('replies@studio.test');
  });

  it("retries a 4xx answer and gives up at once on a 5xx, recording the server's words", async () => {
    const refused = await createClientWithContacts(api, ws, [
      { name: 'Full', email: 'full@client.test' },
      { name: 'Nobody', email: 'nobody@client.test' },
    ]);
    const asked: { eventId: string; token: string }[] = [];
    for (const contact of refused.contacts)
      asked.push(
        await requestSignInLink(api.context, {
          workspaceId: ws.workspaceId,
          clientId: refused.clientId,
          contactId: contact.id,
        }),
      );
    const outcome = async (eventId: string) =>
      (await deliveries(api.db)).find((row) => row.event_id === eventId && row.status === 'failed');
    const full = await waitFor(() => outcome(asked[0].eventId), 'the mailbox-full email to fail');
    const nobody = await waitFor(() => outcome(asked[1].eventId), 'the unknown-user email to fail');
    expect(full).toMatchObject({ attempts: 2, reason: expect.stringContaining('452') });
    expect(full.reason).toContain('Mailbox full');
    expect(nobody).toMatchObject({ attempts: 1, reason: expect.stringContaining('550') });
    expect(smtp.messages.filter((mail) => mail.to.some((to) => /full|nobody/.test(to)))).toEqual([]);
  });

  it('counts an SMTP server that does not answer as a failure worth another try', async () => {
    const mailer = new SmtpMailer({
      url: `smtp://127.0.0.1:${await freePort()}`,
      from: 'portal@studio.test',
    });
    const error = await mailer
      .send({ to: { email: 'ava@client.test' }, subject: 'x', text: 'x', html: '<p>x</p>' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MailerError);
    expect(error).toMatchObject({
      retryable: true,
      message: expect.stringMatching(/^SMTP server unreachable: /),
    });
  });
});
