import { createMailer } from '../../integrations/mailer.factory';
import {
  createTestWorkspace,
  errorCode,
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
import { runRecurringInvoices, type RecurrenceRun } from './recurrence.job';

const SCHEDULE = `mutation($input: ScheduleRecurringInvoiceInput!) { scheduleRecurringInvoice(input: $input) {
  id status interval every startDate endDate count sendAutomatically dueInDays nextIssueAt issuedCount template { id number } } }`;
const RECURRENCE = `query($id: ID!) { recurringInvoice(id: $id) { status nextIssueAt issuedCount endedReason
  invoices { number status dueDate total lineItems { description } } } }`;

describe('recurring invoices under an injected clock', () => {
  let sendgrid: SendGridDouble;
  let api: TestApi;
  let ws: TestWorkspace;
  let pipeline: EmailPipeline;
  let projectId: string;
  let clientId: string;
  let now = new Date('2026-01-10T08:00:00Z');

  beforeAll(async () => {
    sendgrid = await SendGridDouble.start();
    api = await startTestApi(
      { PUBLIC_URL: 'https://portal.example.test', SENDGRID_API_KEY: 'k', SENDGRID_API_URL: sendgrid.url },
      () => now,
    );
    pipeline = startEmailPipeline(api.context, {
      prefix: testQueuePrefix(),
      mailer: createMailer(api.context.config, api.context.pool),
    });
  });
  beforeEach(async () => {
    now = new Date('2026-01-10T08:00:00Z');
    ws = await createTestWorkspace(api);
    const client = await createClientWithContacts(api, ws, [
      { name: 'Ria', email: `ria-${ws.slug}@client.test` },
    ]);
    clientId = client.clientId;
    projectId = (
      await member(`mutation($c: ID!) { createProject(input: { clientId: $c, name: "Retainer" }) { id } }`, {
        c: clientId,
      })
    ).createProject.id;
  });
  afterAll(async () => {
    await pipeline?.stopAndClean();
    await api?.stop();
    await sendgrid?.stop();
  });

  const member = (query: string, variables: Record<string, unknown> = {}) =>
    api.gql(query, variables, ws.token).then(ok);
  const draft = async (description = 'Monthly retainer') =>
    (
      await member(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`, {
        input: {
          projectId,
          currency: 'EUR',
          taxRatePercent: 20,
          taxLabel: 'VAT',
          lineItems: [{ description, quantity: 1, unitAmount: 100_000 }],
        },
      })
    ).createInvoice as { id: string; number: string };
  const run = (at: string) => {
    now = new Date(at);
    return runRecurringInvoices({
      pool: api.context.pool,
      recurrences: api.context.services.recurrences,
      now,
    });
  };
  const recurrence = async (id: string) => (await member(RECURRENCE, { id })).recurringInvoice;
  const events = async () => (await api.db.owner.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n;

  it('every month from a start date, 3 times: each numbered as usual, sent with its key email, the last ending it', async () => {
    const template = await draft();
    const scheduled = (
      await member(SCHEDULE, {
        input: {
          templateInvoiceId: template.id,
          interval: 'MONTH',
          startDate: '2026-01-31T09:00:00.000Z',
          count: 3,
          sendAutomatically: true,
          dueInDays: 14,
        },
      })
    ).scheduleRecurringInvoice;
    expect(scheduled).toMatchObject({
      status: 'ACTIVE',
      interval: 'MONTH',
      every: 1,
      count: 3,
      sendAutomatically: true,
      dueInDays: 14,
      nextIssueAt: '2026-01-31T09:00:00.000Z',
      issuedCount: 0,
      template: template,
    });
    // The template itself stays a draft and is never sent while the schedule lives.
    const refused = await api.gql(
      `mutation($id: ID!) { sendInvoice(id: $id) { id } }`,
      { id: template.id },
      ws.token,
    );
    expect(refused.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(refused.errors?.[0].message).toMatch(
      /is the template of a recurring invoice: each period's copy is sent/,
    );
    expect(await run('2026-01-31T08:59:00Z')).toEqual({ issued: 0, failed: 0 });
    expect(await run('2026-01-31T09:00:00Z')).toEqual({ issued: 1, failed: 0 });
    expect(await run('2026-02-15T00:00:00Z')).toEqual({ issued: 0, failed: 0 });
    // The template changes: the next periods copy it as it is then.
    await member(
      `mutation($id: ID!) { updateInvoice(id: $id, input: { lineItems: [{ description: "Retainer, more hours", quantity: 1, unitAmount: 120000 }] }) { id } }`,
      { id: template.id },
    );
    expect(await run('2026-02-28T09:00:00Z')).toEqual({ issued: 1, failed: 0 });
    expect(await run('2026-03-31T10:00:00Z')).toEqual({ issued: 1, failed: 0 });
    expect(await run('2026-04-30T10:00:00Z')).toEqual({ issued: 0, failed: 0 });

    const seen = await recurrence(scheduled.id);
    const n = Number(template.number.slice(4));
    const number = (k: number) => `INV-${String(n + k).padStart(4, '0')}`;
    expect(seen).toEqual({
      status: 'ENDED',
      endedReason: 'COMPLETED',
      nextIssueAt: null,
      issuedCount: 3,
      invoices: [
        {
          number: number(1),
          status: 'SENT',
          dueDate: '2026-02-14T00:00:00.000Z',
          total: 120_000,
          lineItems: [{ description: 'Monthly retainer' }],
        },
        {
          number: number(2),
          status: 'SENT',
          dueDate: '2026-03-14T00:00:00.000Z',
          total: 144_000,
          lineItems: [{ description: 'Retainer, more hours' }],
        },
        {
          number: number(3),
          status: 'SENT',
          dueDate: '2026-04-14T00:00:00.000Z',
          total: 144_000,
          lineItems: [{ description: 'Retainer, more hours' }],
        },
      ],
    });
    // Each was emailed to the contact with its key link, by the recurring invoices as actor.
    const mails = await waitFor(async () => {
      const found = sendgrid.mails.filter(
        (m) => m.personalizations[0].to[0].email === `ria-${ws.slug}@client.test`,
      );
      return found.length === 3 ? found : null;
    }, 'three invoice emails');
    expect(mails.map((m) => m.subject.split(' ')[1]).sort()).toEqual([number(1), number(2), number(3)]);
    const { rows } = await api.db.owner.query(
      `SELECT DISTINCT metadata->'actor'->>'name' AS actor FROM es_events WHERE type = 'InvoiceSent' AND data->>'projectId' = $1`,
      [projectId],
    );
    expect(rows).toEqual([{ actor: 'Recurring invoices' }]);
    const timeline = (
      await member(
        `query($id: ID!) { project(id: $id) { timeline(first: 50) { edges { node { summary } } } } }`,
        {
          id: projectId,
        },
      )
    ).project.timeline.edges.map((e: { node: { summary: string } }) => e.node.summary);
    expect(timeline).toContain(
      `The recurring invoice ${template.number} issued ${number(1)} for 2026-01-31, sent`,
    );
    expect(timeline).toContain(`The recurring invoice ${template.number} issued its last invoice`);
  });

  it('left as drafts for review; every 2 weeks until an end date; a worker down for a while catches up', async () => {
    const template = await draft();
    const { id } = (
      await member(SCHEDULE, {
        input: {
          templateInvoiceId: template.id,
          interval: 'WEEK',
          every: 2,
          startDate: '2026-01-12T00:00:00.000Z',
          endDate: '2026-02-23T00:00:00.000Z',
        },
      })
    ).scheduleRecurringInvoice;
    // Down until the 10th of February: the three periods since the start, one transaction each.
    expect(await run('2026-02-10T00:00:00Z')).toEqual({ issued: 3, failed: 0 });
    expect(await run('2026-02-23T00:00:00Z')).toEqual({ issued: 1, failed: 0 });
    const seen = await recurrence(id);
    expect(seen.status).toBe('ENDED');
    expect(seen.invoices.map((i: { status: string }) => i.status)).toEqual([
      'DRAFT',
      'DRAFT',
      'DRAFT',
      'DRAFT',
    ]);
    expect(seen.invoices.map((i: { dueDate: string | null }) => i.dueDate)).toEqual([null, null, null, null]);
  });

  it('pause issues nothing; resume skips the periods that fell meanwhile; end is for good', async () => {
    const template = await draft();
    const { id } = (
      await member(SCHEDULE, {
        input: { templateInvoiceId: template.id, interval: 'MONTH', startDate: '2026-01-15T00:00:00.000Z' },
      })
    ).scheduleRecurringInvoice;
    expect(await run('2026-01-15T00:00:00Z')).toEqual({ issued: 1, failed: 0 });
    expect(
      (await member(`mutation($id: ID!) { pauseRecurringInvoice(id: $id) { status } }`, { id }))
        .pauseRecurringInvoice.status,
    ).toBe('PAUSED');
    expect(await run('2026-03-20T00:00:00Z')).toEqual({ issued: 0, failed: 0 });
    const resumed = (
      await member(`mutation($id: ID!) { resumeRecurringInvoice(id: $id) { status nextIssueAt } }`, { id })
    ).resumeRecurringInvoice;
    expect(resumed).toEqual({ status: 'ACTIVE', nextIssueAt: '2026-04-15T00:00:00.000Z' });
    expect(await run('2026-04-15T00:00:00Z')).toEqual({ issued: 1, failed: 0 });
    expect(
      (await member(`mutation($id: ID!) { endRecurringInvoice(id: $id) { status endedReason } }`, { id }))
        .endRecurringInvoice,
    ).toEqual({
      status: 'ENDED',
      endedReason: 'ENDED',
    });
    expect(await run('2026-05-15T00:00:00Z')).toEqual({ issued: 0, failed: 0 });
    expect((await recurrence(id)).issuedCount).toBe(2);
    const again = await api.gql(
      `mutation($id: ID!) { resumeRecurringInvoice(id: $id) { id } }`,
      { id },
      ws.token,
    );
    expect(again.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    // Ended: the template is free to be scheduled again, or sent.
    expect(
      (
        await member(SCHEDULE, {
          input: { templateInvoiceId: template.id, interval: 'WEEK', startDate: '2026-06-01T00:00:00.000Z' },
        })
      ).scheduleRecurringInvoice.status,
    ).toBe('ACTIVE');
  });

  it('refusals name the field and append nothing: not a draft, a second live schedule, a foreign template, bad rules', async () => {
    const template = await draft();
    const sent = await draft();
    await member(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: sent.id });
    await member(SCHEDULE, {
      input: { templateInvoiceId: template.id, interval: 'MONTH', startDate: '2026-02-01T00:00:00.000Z' },
    });
    const other = await createTestWorkspace(api);
    const before = await events();
    const refuse = async (input: Record<string, unknown>, token = ws.token) =>
      (await api.gql(SCHEDULE, { input }, token)).errors?.[0];
    const base = { interval: 'MONTH', startDate: '2026-02-01T00:00:00.000Z' };
    expect((await refuse({ ...base, templateInvoiceId: sent.id }))?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.templateInvoiceId',
    });
    const twice = await refuse({ ...base, templateInvoiceId: template.id });
    expect(twice?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.templateInvoiceId' });
    expect(twice?.message).toMatch(/template of a recurring invoice already/);
    expect((await refuse({ ...base, templateInvoiceId: template.id }, other.token))?.extensions).toEqual({
      code: 'NOT_FOUND',
      field: 'input.templateInvoiceId',
    });
    const fresh = await draft();
    expect((await refuse({ ...base, templateInvoiceId: fresh.id, every: 0 }))?.extensions?.field).toBe(
      'input.every',
    );
    expect(
      (await refuse({ ...base, templateInvoiceId: fresh.id, startDate: '2025-12-01T00:00:00.000Z' }))
        ?.extensions?.field,
    ).toBe('input.startDate');
    expect(
      (await refuse({ ...base, templateInvoiceId: fresh.id, count: 2, endDate: '2026-06-01T00:00:00.000Z' }))
        ?.extensions?.field,
    ).toBe('input.count');
    expect(await events()).toBe(before + 1); // the draft made above, nothing else
    expect(errorCode(await api.gql(`{ recurringInvoices { id } }`, {}))).toBe('UNAUTHENTICATED');
  });

  it('exactly once per period across two worker processes at the same instant, and across restarts: numbers distinct and gapless', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const template = await draft(`Plan ${i}`);
      ids.push(
        (
          await member(SCHEDULE, {
            input: {
              templateInvoiceId: template.id,
              interval: 'WEEK',
              startDate: '2026-01-12T00:00:00.000Z',
              sendAutomatically: true,
            },
          })
        ).scheduleRecurringInvoice.id,
      );
    }
    const env = { DATABASE_URL: api.db.url, REDIS_URL: api.context.config.REDIS_URL };
    const issuedIn = (results: RecurrenceRun[][]) => results.flat().reduce((sum, r) => sum + r.issued, 0);
    const periods = async () =>
      (
        await api.db.owner.query(
          `SELECT data->>'recurrenceId' AS r, (data->>'period')::int AS period, data->>'number' AS number FROM es_events
           WHERE type = 'RecurringInvoiceIssued' AND data->>'workspaceId' = $1 ORDER BY global_position`,
          [ws.workspaceId],
        )
      ).rows;

    const allIssued = async () =>
      (
        await api.db.owner.query(
          `SELECT count(*)::int AS n FROM es_events WHERE type = 'RecurringInvoiceIssued'`,
        )
      ).rows[0].n;
    /** Both processes at `at`: what they say they issued is what the log got, and no run failed. */
    const both = async (at: string) => {
      const before = await allIssued();
      const results = await runJobInProcesses<RecurrenceRun>('recurring', env, new Date(at));
      expect(results.flat().every((r) => r.failed === 0)).toBe(true);
      expect(issuedIn(results)).toBe((await allIssued()) - before);
    };

    // The 26th: periods 0, 1 and 2 of each schedule (the 12th, the 19th, the 26th).
    await both('2026-01-26T00:00:00Z');
    expect(await periods()).toHaveLength(18);
    // A restart of both, same instant: nothing more.
    await both('2026-01-26T00:00:00Z');
    expect(await periods()).toHaveLength(18);
    // A week on: one period each.
    await both('2026-02-02T00:00:00Z');

    const rows = await periods();
    expect(rows).toHaveLength(24);
    for (const id of ids) expect(rows.filter((r) => r.r === id).map((r) => r.period)).toEqual([0, 1, 2, 3]);
    // The invoice numbers: 24 distinct, following the six templates' without a gap.
    const numbers = rows.map((r) => Number(r.number.slice(4))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(24);
    expect(numbers.at(-1)! - numbers[0]).toBe(23);
    const { rows: sent } = await api.db.owner.query(
      `SELECT count(*)::int AS n FROM invoices WHERE workspace_id = $1 AND status = 'SENT'`,
      [ws.workspaceId],
    );
    expect(sent[0].n).toBe(24);
  }, 90_000);
});
