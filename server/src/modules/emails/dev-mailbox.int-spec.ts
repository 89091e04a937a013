import { createMailer } from '../../integrations/mailer.factory';
import { createTestWorkspace, startTestApi, type TestApi, type TestWorkspace } from '../../test/api.harness';
import {
  createClientWithContacts,
  requestSignInLink,
  startEmailPipeline,
  testQueuePrefix,
  waitFor,
  type EmailPipeline,
} from '../../test/email.fixture';

describe('the dev mailbox (no SENDGRID_API_KEY)', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let pipeline: EmailPipeline;

  beforeAll(async () => {
    api = await startTestApi({ PUBLIC_URL: 'http://localhost:4000' });
    ws = await createTestWorkspace(api);
    pipeline = startEmailPipeline(api.context, {
      prefix: testQueuePrefix(),
      mailer: createMailer(api.context.config, api.context.pool),
    });
  });

  afterAll(async () => {
    await pipeline?.stopAndClean();
    await api?.stop();
  });

  it('keeps the message in dev_mailbox and lists it, newest first, at /dev/mailbox and /dev/mailbox.json', async () => {
    const { clientId, contacts } = await createClientWithContacts(api, ws, [
      { name: 'Ava <Contact>', email: 'ava@client.test' },
      { name: 'Bob Contact', email: 'bob@client.test' },
    ]);
    const first = await requestSignInLink(api.context, {
      workspaceId: ws.workspaceId,
      clientId,
      contactId: contacts[0].id,
    });
    await waitFor(
      async () => (await api.db.owner.query('SELECT 1 FROM dev_mailbox')).rowCount === 1,
      'the first message',
    );
    const second = await requestSignInLink(api.context, {
      workspaceId: ws.workspaceId,
      clientId,
      contactId: contacts[1].id,
    });
    await waitFor(
      async () => (await api.db.owner.query('SELECT 1 FROM dev_mailbox')).rowCount === 2,
      'the second message',
    );
    // The mailbox row is the send itself; its delivery is recorded just after.
    await waitFor(
      async () =>
        (await api.db.owner.query(`SELECT 1 FROM email_deliveries WHERE status = 'sent'`)).rowCount === 2,
      'both deliveries recorded',
    );
    const { rows } = await api.db.owner.query(
      `SELECT status, provider_message_id FROM email_deliveries ORDER BY created_at`,
    );
    expect(rows).toEqual([
      { status: 'sent', provider_message_id: expect.any(String) },
      { status: 'sent', provider_message_id: expect.any(String) },
    ]);

    const json = await fetch(`${api.url}/dev/mailbox.json`);
    expect(json.status).toBe(200);
    const { messages } = (await json.json()) as { messages: any[] };
    const link = (token: string) => `http://localhost:4000/p/${ws.slug}/auth?token=${token}`;
    expect(messages.map((m) => m.to)).toEqual([
      { email: 'bob@client.test', name: 'Bob Contact' },
      { email: 'ava@client.test', name: 'Ava <Contact>' },
    ]);
    const { rows: owner } = await api.db.owner.query('SELECT email FROM members WHERE id = $1', [ws.ownerId]);
    expect(messages[0]).toMatchObject({
      from: { email: 'portal@localhost' },
      replyTo: { email: owner[0].email, name: expect.any(String) },
      subject: expect.stringContaining('Your sign-in link for'),
      createdAt: expect.any(String),
    });
    expect(messages[0].text).toContain(link(second.token));
    expect(messages[1].text).toContain(link(first.token));
    expect(messages[1].html).toContain(link(first.token));

    const page = await fetch(`${api.url}/dev/mailbox`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain(`<a href="${link(first.token)}"`);
    expect(html).toContain(`<a href="${link(second.token)}"`);
    expect(html.indexOf('bob@client.test')).toBeLessThan(html.indexOf('ava@client.test'));
    expect(html).toContain('Ava &lt;Contact&gt;');
    expect(html).not.toContain('Ava <Contact>');

    const id = messages[0].id;
    const one = await fetch(`${api.url}/dev/mailbox/${id}/html`);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-security-policy')).toContain('sandbox');
    expect(await one.text()).toBe(messages[0].html);
  });

  it("an invoice email lands with its PDF's name, type and size, shown on the page", async () => {
    const { clientId } = await createClientWithContacts(api, ws, [{ name: 'Cy', email: 'cy@client.test' }]);
    const gql = (query: string, variables: Record<string, unknown>) =>
      api.gql(query, variables, ws.token).then((r) => r.data);
    const projectId = (
      await gql(`mutation($c: ID!) { createProject(input: { clientId: $c, name: "P" }) { id } }`, {
        c: clientId,
      })
    ).createProject.id;
    const invoice = (
      await gql(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`, {
        input: {
          projectId,
          currency: 'USD',
          lineItems: [{ description: 'Work', quantity: 1, unitAmount: 5_000 }],
        },
      })
    ).createInvoice;
    await gql(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: invoice.id });
    const message = await waitFor(async () => {
      const { messages } = (await (await fetch(`${api.url}/dev/mailbox.json`)).json()) as { messages: any[] };
      return messages.find((m: { to: { email: string } }) => m.to.email === 'cy@client.test');
    }, 'the invoice email');
    expect(message.attachments).toEqual([
      { filename: `${invoice.number}.pdf`, contentType: 'application/pdf', size: expect.any(Number) },
    ]);
    expect(message.attachments[0].size).toBeGreaterThan(1000);
    const page = await (await fetch(`${api.url}/dev/mailbox`)).text();
    expect(page).toContain(`Attached: ${invoice.number}.pdf (application/pdf, `);
  });

  it('says nosniff on every answer: the page, the JSON, one message and a missing one', async () => {
    const answers = [];
    for (const path of [
      '/dev/mailbox',
      '/dev/mailbox.json',
      '/dev/mailbox/1/html',
      '/dev/mailbox/999999/html',
    ]) {
      const response = await fetch(`${api.url}${path}`);
      answers.push([path, response.status, response.headers.get('x-content-type-options')]);
    }
    expect(answers).toEqual([
      ['/dev/mailbox', 200, 'nosniff'],
      ['/dev/mailbox.json', 200, 'nosniff'],
      ['/dev/mailbox/1/html', expect.any(Number), 'nosniff'],
      ['/dev/mailbox/999999/html', 404, 'nosniff'],
    ]);
  });

  it('is not served in production', async () => {
    const production = await startTestApi({ NODE_ENV: 'production' });
    try {
      for (const path of ['/dev/mailbox', '/dev/mailbox.json', '/dev/mailbox/1/html']) {
        expect((await fetch(`${production.url}${path}`)).status).toBe(404);
      }
    } finally {
      await production.stop();
    }
  });

  it('stays newest first past nine messages (ids compared as numbers, not as text)', async () => {
    const mailer = createMailer(api.context.config, api.context.pool);
    for (let n = 1; n <= 11; n++)
      await mailer.send({
        to: { email: 'order@client.test' },
        subject: `Order ${n}`,
        text: `message ${n}`,
        html: `<p>message ${n}</p>`,
      });
    const { messages } = (await (await fetch(`${api.url}/dev/mailbox.json`)).json()) as {
      messages: { id: string; subject: string }[];
    };
    expect(messages.slice(0, 11).map((message) => message.subject)).toEqual(
      Array.from({ length: 11 }, (_, i) => `Order ${11 - i}`),
    );
    const ids = messages.map((message) => Number(message.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(Math.max(...ids)).toBeGreaterThanOrEqual(10);
    const page = await (await fetch(`${api.url}/dev/mailbox`)).text();
    expect(page.indexOf('Order 11')).toBeLessThan(page.indexOf('Order 9'));
  });
});
