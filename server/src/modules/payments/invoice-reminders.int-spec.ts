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
  waitFor,
  type EmailPipeline,
} from '../../test/email.fixture';
import { runJobInProcesses } from '../../test/scheduler-processes';
import { SendGridDouble } from '../../test/sendgrid.double';
import { runInvoiceReminders, type ReminderRun } from './invoice-reminders';

const PUBLIC_URL = 'https://portal.example.test';
const DUE = '2026-04-10T00:00:00.000Z';

describe('invoice reminders under an injected clock', () => {
  let sendgrid: SendGridDouble;
  let api: TestApi;
  let ws: TestWorkspace;
  let pipeline: EmailPipeline;
  let clientId: string;
  let projectId: string;
  let now = new Date('2026-03-01T09:00:00Z');

  beforeAll(async () => {
    sendgrid = await SendGridDouble.start();
    api = await startTestApi(
      { PUBLIC_URL, SENDGRID_API_KEY: 'test-key', SENDGRID_API_URL: sendgrid.url },
      () => now,
    );
    pipeline = startEmailPipeline(api.context, {
      prefix: testQueuePrefix(),
      mailer: createMailer(api.context.config, api.context.pool),
    });
  });
  afterAll(async () => {
    await pipeline?.stopAndClean();
    await api?.stop();
    await sendgrid?.stop();
  });

  /** Each test its own workspace (its own reminder days), client with two contacts, and project. */
  beforeEach(async () => {
    ws = await createTestWorkspace(api);
    const client = await createClientWithContacts(api, ws, [
      { name: 'Ava', email: `ava-${ws.slug}@reminders.test` },
      { name: 'Bob', email: `bob-${ws.slug}@reminders.test` },
    ]);
    clientId = client.clientId;
    projectId = ok(
      await api.gql(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website" }) { id } }`,
        { c: clientId },
        ws.token,
      ),
    ).createProject.id;
  });

  const member = (query: string, variables: Record<string, unknown> = {}) =>
    api.gql(query, variables, ws.token).then(ok);
  const invoice = async (send: boolean, dueDate = DUE, project = projectId) => {
    const { id } = (
      await member(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`, {
        input: {
          projectId: project,
          currency: 'EUR',
          lineItems: [{ description: 'Work', quantity: 1, unitAmount: 20_000 }],
          dueDate,
        },
      })
    ).createInvoice;
    if (send) await member(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id });
    return id as string;
  };
  const run = (at: string) => {
    now = new Date(at);
    return runInvoiceReminders({ pool: api.context.pool, commands: api.context.commands, now });
  };
  const reminders = async (invoiceId: string) =>
    (
      await api.db.owner.query(
        `SELECT data->>'daysFromDue' AS day, data->>'remindedOn' AS "on", (data->>'amountDue')::int AS due,
                metadata->'actor'->>'name' AS actor
         FROM es_events WHERE stream_id = $1 AND type = 'InvoiceReminderSent' ORDER BY stream_position`,
        [`invoice-${invoiceId}`],
      )
    ).rows;
  const reminderMails = (invoiceId: string) =>
    sendgrid.mails.filter(
      (m) => m.categories?.includes('invoice-reminder') && JSON.stringify(m.content).includes(invoiceId),
    );

  it('3 days before, on the day, 7 days after: one event each, one email per contact; never drafts or paid invoices', async () => {
    const unpaid = await invoice(true);
    await invoice(false);
    const paid = await invoice(true);
    await member(
      `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 20000, method: "cash") { id } }`,
      {
        id: paid,
      },
    );
    expect(await run('2026-04-06T09:00:00Z')).toEqual({ reminded: 0, failed: 0 });
    expect(await run('2026-04-07T09:00:00Z')).toEqual({ reminded: 1, failed: 0 });
    expect(await run('2026-04-07T10:00:00Z')).toEqual({ reminded: 0, failed: 0 });
    expect(await run('2026-04-08T09:00:00Z')).toEqual({ reminded: 0, failed: 0 });
    expect(await run('2026-04-10T09:00:00Z')).toEqual({ reminded: 1, failed: 0 });
    expect(await run('2026-04-12T09:00:00Z')).toEqual({ reminded: 0, failed: 0 });
    // A partial payment keeps the reminders coming, for what is still due.
    await member(
      `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 5000, method: "cash") { id } }`,
      {
        id: unpaid,
      },
    );
    expect(await run('2026-04-17T09:00:00Z')).toEqual({ reminded: 1, failed: 0 });
    expect(await run('2026-04-18T09:00:00Z')).toEqual({ reminded: 0, failed: 0 });
    expect(await reminders(unpaid)).toEqual([
      { day: '-3', on: '2026-04-07', due: 20_000, actor: 'Reminders' },
      { day: '0', on: '2026-04-10', due: 20_000, actor: 'Reminders' },
      { day: '7', on: '2026-04-17', due: 15_000, actor: 'Reminders' },
    ]);
    expect(await reminders(paid)).toEqual([]);

    // The emails follow the events: two contacts × three reminders, each with its key link and the PDF.
    const mails = await waitFor(async () => {
      const found = reminderMails(unpaid);
      return found.length === 6 ? found : null;
    }, 'six reminder emails');
    const subjects = mails
      .map((m) => `${m.personalizations[0].to[0].email.split('-')[0]} ${m.subject}`)
      .sort();
    expect(subjects).toEqual([
      expect.stringMatching(/^ava Overdue: invoice INV-\d+ from /),
      expect.stringMatching(/^ava Reminder: invoice INV-\d+ from .* is due soon$/),
      expect.stringMatching(/^ava Reminder: invoice INV-\d+ from .* is due today$/),
      expect.stringMatching(/^bob Overdue: /),
      expect.stringMatching(/^bob Reminder: .* is due soon$/),
      expect.stringMatching(/^bob Reminder: .* is due today$/),
    ]);
    const overdue = mails.find((m) => /^Overdue/.test(m.subject))!;
    const text = overdue.content.find((c: { type: string }) => c.type === 'text/plain').value as string;
    expect(text).toContain('was due on 2026-04-10, 7 days ago, and is overdue');
    expect(text).toContain('€150.00 is still to pay');
    expect(text).toMatch(new RegExp(`/invoices/${unpaid}\\?key=[\\w-]{43}`));
    expect(overdue.attachments[0].type).toBe('application/pdf');

    // Each reminder is a timeline entry, meant for the client's contacts as much as the members.
    const { rows: entries } = await api.db.owner.query(
      `SELECT audience, summary, actor->>'name' AS actor FROM timeline_entries
       WHERE type = 'InvoiceReminderSent' AND project_id = $1 ORDER BY position`,
      [projectId],
    );
    expect(entries).toEqual([
      {
        audience: 'CONTACTS',
        actor: 'Reminders',
        summary: expect.stringMatching(/^Reminder sent: invoice INV-\d+, €200\.00 due in 3 days$/),
      },
      {
        audience: 'CONTACTS',
        actor: 'Reminders',
        summary: expect.stringMatching(/^Reminder sent: invoice INV-\d+, €200\.00 due today$/),
      },
      {
        audience: 'CONTACTS',
        actor: 'Reminders',
        summary: expect.stringMatching(/^Reminder sent: invoice INV-\d+, €150\.00 7 days overdue$/),
      },
    ]);
    const seen = ok(
      await api.gql(
        `query($id: ID!) { project(id: $id) { timeline(first: 50) { edges { node { type } } } } }`,
        { id: projectId },
        ws.token,
      ),
    ).project.timeline.edges.filter((e: { node: { type: string } }) => e.node.type === 'InvoiceReminderSent');
    expect(seen).toHaveLength(3);
  });

  it("the workspace's reminder days and an invoice's reminders turned off", async () => {
    const due = '2026-06-10T00:00:00.000Z';
    const quiet = await invoice(true, due);
    const loud = await invoice(true, due);
    await member(`mutation { updateReminderSchedule(daysFromDue: [-1, 14]) { id } }`);
    const off = await member(
      `mutation($id: ID!) { setInvoiceReminders(id: $id, enabled: false) { remindersEnabled } }`,
      {
        id: quiet,
      },
    );
    expect(off.setInvoiceReminders.remindersEnabled).toBe(false);
    expect(await run('2026-06-07T09:00:00Z')).toEqual({ reminded: 0, failed: 0 }); // -3 is no longer a reminder day
    expect(await run('2026-06-09T09:00:00Z')).toEqual({ reminded: 1, failed: 0 });
    expect(await run('2026-06-10T09:00:00Z')).toEqual({ reminded: 0, failed: 0 });
    expect(await run('2026-06-24T09:00:00Z')).toEqual({ reminded: 1, failed: 0 });
    expect((await reminders(loud)).map((r) => r.day)).toEqual(['-1', '14']);
    expect(await reminders(quiet)).toEqual([]);
    // Paid or void, it is no longer reminded of: turning reminders on is refused, naming the invoice.
    await member(`mutation($id: ID!) { voidInvoice(id: $id) { id } }`, { id: quiet });
    const refused = await api.gql(
      `mutation($id: ID!) { setInvoiceReminders(id: $id, enabled: true) { id } }`,
      { id: quiet },
      ws.token,
    );
    expect(refused.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    await member(`mutation { updateReminderSchedule(daysFromDue: [-3, 0, 7]) { id } }`);
  });

  it('an archived client or a closed portal gets no reminder', async () => {
    const due = '2026-08-10T00:00:00.000Z';
    const { createClient } = await member(
      `mutation { createClient(input: { name: "Later Ltd", contacts: [{ name: "L", email: "l@later.test" }] }) { id } }`,
    );
    const laterProject = (
      await member(`mutation($c: ID!) { createProject(input: { clientId: $c, name: "L" }) { id } }`, {
        c: createClient.id,
      })
    ).createProject.id;
    const archivedOnes = await invoice(true, due, laterProject);
    await member(`mutation($id: ID!) { archiveClient(id: $id) { id } }`, { id: createClient.id });
    const open = await invoice(true, due);
    await member(`mutation { setPortalEnabled(enabled: false) { id } }`);
    expect(await run('2026-08-10T09:00:00Z')).toEqual({ reminded: 0, failed: 0 });
    await member(`mutation { setPortalEnabled(enabled: true) { id } }`);
    expect(await run('2026-08-10T10:00:00Z')).toEqual({ reminded: 1, failed: 0 });
    expect(await reminders(archivedOnes)).toEqual([]);
    expect((await reminders(open)).map((r) => r.day)).toEqual(['0']);
  });

  it('exactly once across two worker processes running at the same instant, and across restarts', async () => {
    const due = '2026-10-10T00:00:00.000Z';
    const invoices = await Promise.all(Array.from({ length: 8 }, () => invoice(true, due)));
    const env = { DATABASE_URL: api.db.url, REDIS_URL: api.context.config.REDIS_URL };
    const count = async () =>
      (
        await api.db.owner.query(
          `SELECT count(*)::int AS n FROM es_events WHERE type = 'InvoiceReminderSent' AND stream_id = ANY($1)`,
          [invoices.map((id) => `invoice-${id}`)],
        )
      ).rows[0].n;

    const all = async () =>
      (
        await api.db.owner.query(
          `SELECT count(*)::int AS n FROM es_events WHERE type = 'InvoiceReminderSent'`,
        )
      ).rows[0].n;
    const total = (results: ReminderRun[][]) => results.flat().reduce((sum, r) => sum + r.reminded, 0);
    /** Both processes at `at`: what they say they reminded is what the log got, and no run failed. */
    const both = async (at: string) => {
      const before = await all();
      const results = await runJobInProcesses<ReminderRun>('reminders', env, new Date(at));
      expect(results.flat().every((r) => r.failed === 0)).toBe(true);
      expect(total(results)).toBe((await all()) - before);
      return results;
    };

    await both('2026-10-07T09:00:00Z');
    expect(await count()).toBe(8);
    // Both processes again, the same day (a restart): nothing more.
    await both('2026-10-07T15:00:00Z');
    expect(await count()).toBe(8);
    // The due date: one more each.
    await both('2026-10-10T00:05:00Z');
    expect(await count()).toBe(16);
    const { rows } = await api.db.owner.query(
      `SELECT stream_id, data->>'remindedOn' AS day, count(*)::int AS n FROM es_events
       WHERE type = 'InvoiceReminderSent' AND stream_id = ANY($1) GROUP BY 1, 2 HAVING count(*) > 1`,
      [invoices.map((id) => `invoice-${id}`)],
    );
    expect(rows).toEqual([]);
  }, 90_000);
});
