import { createEmailQueue, type EmailQueue } from '../emails/email.queue';
import {
  createTestWorkspace,
  ok,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { createClientWithContacts, testQueuePrefix } from '../../test/email.fixture';
import { reminderDue, runInvoiceReminders } from './invoice-reminders';

const PUBLIC_URL = 'https://portal.example.test';
const DUE = '2026-04-10T00:00:00.000Z';

describe('invoice reminders (the repeatable job’s handler, with an injected clock)', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let emails: EmailQueue;
  let projectId: string;

  beforeAll(async () => {
    api = await startTestApi({ PUBLIC_URL });
    emails = createEmailQueue(api.context.config.REDIS_URL, { prefix: testQueuePrefix() });
    ws = await createTestWorkspace(api);
    const client = await createClientWithContacts(api, ws, [
      { name: 'Ava', email: 'ava@reminders.test' },
      { name: 'Bob', email: 'bob@reminders.test' },
    ]);
    projectId = ok(
      await api.gql(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website" }) { id } }`,
        { c: client.clientId },
        ws.token,
      ),
    ).createProject.id;
  });
  afterAll(async () => {
    await emails?.queue.obliterate({ force: true }).catch(() => undefined);
    await emails?.close();
    await api?.stop();
  });

  const invoice = async (send: boolean) => {
    const { id } = ok(
      await api.gql(
        `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`,
        {
          input: {
            projectId,
            currency: 'EUR',
            lineItems: [{ description: 'Work', quantity: 1, unitAmount: 20_000 }],
            dueDate: DUE,
          },
        },
        ws.token,
      ),
    ).createInvoice;
    if (send) ok(await api.gql(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id }, ws.token));
    return id as string;
  };
  const run = (at: string) =>
    runInvoiceReminders({
      pool: api.context.pool,
      emailQueue: () => emails.queue,
      publicUrl: PUBLIC_URL,
      now: new Date(at),
    });
  const queued = async () =>
    (await emails.queue.getJobs(['waiting', 'delayed', 'active', 'completed'])).map((j) => j.data);

  it('reminderDue: 3 days before, on the day, 7 days after (UTC days)', () => {
    const due = new Date(DUE);
    expect(reminderDue(due, new Date('2026-04-06T23:59:59Z'))).toBeNull();
    expect(reminderDue(due, new Date('2026-04-07T00:00:00Z'))).toBe('before-due');
    expect(reminderDue(due, new Date('2026-04-09T18:00:00Z'))).toBe('before-due');
    expect(reminderDue(due, new Date('2026-04-10T08:00:00Z'))).toBe('on-due');
    expect(reminderDue(due, new Date('2026-04-16T23:00:00Z'))).toBe('on-due');
    expect(reminderDue(due, new Date('2026-04-17T00:00:00Z'))).toBe('after-due');
  });

  it('emails every contact once per reminder of an unpaid invoice; drafts and paid invoices get none', async () => {
    const unpaid = await invoice(true);
    await invoice(false);
    const paid = await invoice(true);
    ok(
      await api.gql(
        `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 20000, method: "cash") { id } }`,
        { id: paid },
        ws.token,
      ),
    );
    expect(await run('2026-04-01T09:00:00Z')).toEqual({ sent: 0 });
    expect(await run('2026-04-07T09:00:00Z')).toEqual({ sent: 2 });
    expect(await run('2026-04-07T10:00:00Z')).toEqual({ sent: 0 });
    expect(await run('2026-04-08T09:00:00Z')).toEqual({ sent: 0 });
    expect(await run('2026-04-10T09:00:00Z')).toEqual({ sent: 2 });
    expect(await run('2026-04-12T09:00:00Z')).toEqual({ sent: 0 });
    // A partial payment keeps the reminders coming, for what is still due.
    ok(
      await api.gql(
        `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 5000, method: "cash") { id } }`,
        { id: unpaid },
        ws.token,
      ),
    );
    expect(await run('2026-04-17T09:00:00Z')).toEqual({ sent: 2 });
    expect(await run('2026-04-18T09:00:00Z')).toEqual({ sent: 0 });

    const jobs = await queued();
    expect(jobs).toHaveLength(6);
    expect(jobs.every((job) => job.kind === 'invoice-reminder' && (job as any).invoiceId === unpaid)).toBe(
      true,
    );
    const reminders = jobs
      .map((job) => `${(job as any).reminder} ${job.to.email} ${(job as any).amount}`)
      .sort();
    expect(reminders).toEqual([
      'after-due ava@reminders.test 15000',
      'after-due bob@reminders.test 15000',
      'before-due ava@reminders.test 20000',
      'before-due bob@reminders.test 20000',
      'on-due ava@reminders.test 20000',
      'on-due bob@reminders.test 20000',
    ]);
    const { rows } = await api.db.owner.query(
      'SELECT kind FROM invoice_reminders WHERE invoice_id = $1 ORDER BY sent_at',
      [unpaid],
    );
    expect(rows.map((r) => r.kind)).toEqual(['before-due', 'on-due', 'after-due']);
  });
});
