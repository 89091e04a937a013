import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestWorkspace, ok, signInAsContact, startTestApi, type TestApi } from '../test/api.harness';
import {
  COMPLETE_DOCUMENT_UPLOAD,
  fileBytes,
  imageBytes,
  postForm,
  requestUpload,
  uploadDocument,
} from '../test/upload.fixture';
import { inTransaction } from '../db/pool';
import { checkoutCompleted, deliverSigned } from '../test/stripe-webhook.fixture';
import { invitationToken, inviteMember, signInMemberWith } from '../test/member.fixture';
import { InlineProjectionRunner } from '../projections/inline-projection';
import { inlineProjections } from '.';
import { runInvoiceReminders } from './payments/invoice-reminders';
import { runRecurringInvoices } from './recurrences/recurrence.job';

const ROOT = join(__dirname, '..', '..', '..');
const WEBHOOK_SECRET = 'whsec_workload';

/** The CLI as a person runs it: exit code and output. */
async function cli(databaseUrl: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', 'server/src/cli.ts', ...args],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl },
      },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('rebuild-projections after a workload using every mutation', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      STRIPE_SECRET_KEY: 'sk_test_workload',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
    const ws = await createTestWorkspace(api);
    const other = await createTestWorkspace(api, 'Bo Other');
    const as = (query: string, variables: Record<string, unknown> = {}, token = ws.token) =>
      api.gql(query, variables, token).then(ok);

    await as(
      `mutation { updateBranding(input: { companyName: "Acme", accentColor: "#AA3300", showYourBrand: true }) { id } }`,
    );
    await as(`mutation { setPortalEnabled(enabled: false) { id } }`);
    await as(`mutation { setPortalEnabled(enabled: true) { id } }`);
    await as(
      `mutation { updateTaskSettings(input: { visibility: ALL, clientsCanCreate: true, clientsCanEdit: false, clientsCanComment: true }) { id } }`,
    );
    const { createApiToken } = await as(`mutation { createApiToken(name: "CI") { apiToken { id } } }`);
    await as(`mutation($id: ID!) { revokeApiToken(id: $id) }`, { id: createApiToken.apiToken.id });
    await as(`mutation { connectStripeAccount(accountId: "acct_1Workload") { id } }`);
    // The team: an invitation accepted (MemberSignedIn), a role given and taken back, a removal.
    const mia = await inviteMember(api, ws, { name: 'Mia Member', email: 'mia@studio.test' });
    await signInMemberWith(api, (await invitationToken(api, mia.id))!);
    const ole = await inviteMember(api, ws, { name: 'Ole Other', email: 'ole@studio.test', role: 'OWNER' });
    await as(`mutation($id: ID!) { setMemberRole(id: $id, role: MEMBER) { id } }`, { id: ole.id });
    await as(`mutation($id: ID!) { removeMember(id: $id) { id } }`, { id: ole.id });
    await as(`mutation($id: ID!) { eraseMember(memberId: $id) }`, { id: ole.id });
    await as(
      `mutation { updateBillingProfile(input: { legalName: "Acme Ltd", address: "1 Road\\nTown", taxId: "GB1", paymentInstructions: "IBAN X" }) { id } }`,
    );
    await as(`mutation { updateBillingProfile(input: { taxId: "" }) { id } }`);
    await as(`mutation { updateReminderSchedule(daysFromDue: [-5, 0, 14]) { id } }`);
    await as(`mutation { updateNotificationSettings(emailNotifications: DAILY_DIGEST) { id } }`);
    await as(`mutation { setWorkspaceTimeZone(timeZone: "Europe/Paris") { id } }`);

    const { createClient } = await as(
      `mutation { createClient(input: { name: "Smith & Co", contacts: [{ name: "John Smith", email: "john@smith.test" }, { name: "Jane Smith", email: "jane@smith.test" }] }) { id contacts { id } } }`,
    );
    const clientId = createClient.id;
    await as(`mutation($id: ID!) { renameClient(id: $id, name: "Smith and Co") { id } }`, { id: clientId });
    await as(
      `mutation($id: ID!) { updateClientBillingDetails(clientId: $id, input: { name: "Smith & Co Ltd", address: "2 Lane", taxId: "GB2" }) { id } }`,
      { id: clientId },
    );
    const { addContact } = await as(
      `mutation($id: ID!) { addContact(clientId: $id, input: { name: "Jo", email: "jo@smith.test" }) { id } }`,
      {
        id: clientId,
      },
    );
    await as(`mutation($id: ID!) { changeContactEmail(contactId: $id, email: "JO@smith.test") { id } }`, {
      id: addContact.id,
    });
    await as(`mutation($id: ID!) { renameContact(contactId: $id, name: "Jo Smith") { id } }`, {
      id: addContact.id,
    });
    await as(`mutation($id: ID!) { removeContact(contactId: $id) { id } }`, {
      id: createClient.contacts[1].id,
    });
    // The removed contact asks to be forgotten: the erasure replays the workspace, and the rebuild must agree.
    await as(`mutation($id: ID!) { eraseContact(contactId: $id) { id } }`, {
      id: createClient.contacts[1].id,
    });
    const projects: string[] = [];
    for (const name of ['Website', 'Brand book']) {
      projects.push(
        (
          await as(
            `mutation($c: ID!, $n: String!) { createProject(input: { clientId: $c, name: $n }) { id } }`,
            { c: clientId, n: name },
          )
        ).createProject.id,
      );
    }
    await as(`mutation($id: ID!) { renameProject(id: $id, name: "Website relaunch") { id } }`, {
      id: projects[0],
    });
    await as(`mutation($id: ID!) { setProjectStatus(id: $id, status: COMPLETED) { id } }`, {
      id: projects[1],
    });
    // Tasks: every command, with an assignee given, changed and cleared, and every status.
    const { createTask } = await as(
      `mutation($p: ID!, $c: ID) { createTask(input: { projectId: $p, title: "Homepage copy", description: "Three paragraphs", dueDate: "2026-03-01T09:00:00Z", assigneeContactId: $c }) { id } }`,
      { p: projects[0], c: createClient.contacts[0].id },
    );
    const taskId = createTask.id;
    await as(`mutation($p: ID!) { createTask(input: { projectId: $p, title: "Logo" }) { id } }`, {
      p: projects[1],
    });
    await as(`mutation($id: ID!) { updateTask(id: $id, input: { title: "Homepage text" }) { id } }`, {
      id: taskId,
    });
    await as(`mutation($id: ID!, $c: ID) { updateTask(id: $id, input: { assigneeContactId: $c }) { id } }`, {
      id: taskId,
      c: addContact.id,
    });
    await as(
      `mutation($id: ID!) { updateTask(id: $id, input: { description: null, dueDate: null, assigneeContactId: null }) { id } }`,
      { id: taskId },
    );
    for (const status of ['IN_PROGRESS', 'DONE', 'TODO', 'DONE'])
      await as(`mutation($id: ID!, $s: TaskStatus!) { setTaskStatus(id: $id, status: $s) { id } }`, {
        id: taskId,
        s: status,
      });
    for (const body of ['First draft', 'Looks good'])
      await as(`mutation($id: ID!, $b: String!) { commentOnTask(taskId: $id, body: $b) { id } }`, {
        id: taskId,
        b: body,
      });
    // Sharing: a task kept internal, shared, then made internal again.
    const { createTask: internal } = await as(
      `mutation($p: ID!) { createTask(input: { projectId: $p, title: "Margin review", sharedWithClient: false }) { id } }`,
      { p: projects[0] },
    );
    for (const shared of [true, false])
      await as(
        `mutation($id: ID!, $s: Boolean) { updateTask(id: $id, input: { sharedWithClient: $s }) { id } }`,
        {
          id: internal.id,
          s: shared,
        },
      );
    // A task whose events landed before sharing existed (schema version 1), projected as they were then.
    const legacyId = '6f1d2c3b-4a59-4e68-8f7a-0b1c2d3e4f50';
    const legacy = {
      workspaceId: ws.workspaceId,
      clientId,
      projectId: projects[0],
      taskId: legacyId,
      title: 'Old task',
      description: null,
      dueDate: null,
      assigneeContactId: null,
      assigneeName: null,
    };
    await inTransaction(api.context.pool, async (db) => {
      const { events } = await api.context.store.append(
        `task-${legacyId}`,
        0,
        [
          {
            type: 'TaskCreated',
            schemaVersion: 1,
            data: { ...legacy, createdAt: '2025-11-01T09:00:00.000Z' },
          },
          {
            type: 'TaskUpdated',
            schemaVersion: 1,
            data: { ...legacy, title: 'Old task, renamed', previousAssigneeContactId: null },
          },
        ],
        {
          actor: { kind: 'MEMBER', id: ws.ownerId, name: 'Ava Owner' },
          correlationId: 'legacy',
          causationId: null,
          tenantId: ws.workspaceId,
        },
        db,
      );
      await new InlineProjectionRunner(inlineProjections).apply(events, db);
    });
    await as(`mutation($id: ID!) { updateTask(id: $id, input: { sharedWithClient: false }) { id } }`, {
      id: legacyId,
    });
    // Shared links: two shared, one removed.
    const links: string[] = [];
    for (const [title, url] of [
      ['Brand guidelines', 'https://example.test/brand'],
      ['Old brief', 'http://example.test/old'],
    ]) {
      links.push(
        (
          await as(
            `mutation($p: ID!, $t: String!, $u: String!) { shareLink(projectId: $p, title: $t, url: $u) { id } }`,
            { p: projects[0], t: title, u: url },
          )
        ).shareLink.id,
      );
    }
    await as(`mutation($id: ID!) { removeDocument(id: $id) }`, { id: links[1] });
    // A contact signs in (SignInLinkRequested, ContactSignedIn).
    const john = await signInAsContact(api, ws.slug, 'john@smith.test');
    // A contact's task (always shared).
    ok(
      await api.gql(
        `mutation($p: ID!) { createTask(input: { projectId: $p, title: "From John" }) { id } }`,
        { p: projects[0] },
        john,
      ),
    );
    // The project's conversation: a member's message, a contact's reply, and several at once.
    const POST_MESSAGE = `mutation($p: ID!, $b: String!) { postMessage(projectId: $p, body: $b) { id } }`;
    await as(POST_MESSAGE, { p: projects[0], b: 'Welcome aboard' });
    ok(await api.gql(POST_MESSAGE, { p: projects[0], b: 'Thanks, see https://smith.test' }, john));
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        api
          .gql(POST_MESSAGE, { p: projects[0], b: `Parallel message ${i}` }, i % 2 ? john : ws.token)
          .then(ok),
      ),
    );
    // Files: a member's and a contact's upload (one completed twice), one removed; a logo, replaced, and a background.
    const brief = await uploadDocument(api, ws.token, projects[0], 'brief.pdf', fileBytes(100));
    ok(await api.gql(COMPLETE_DOCUMENT_UPLOAD, { id: brief.ticket.uploadId }, ws.token));
    await uploadDocument(api, john, projects[0], 'notes.txt', Buffer.from('notes'), 'text/plain');
    await as(`mutation($id: ID!) { removeDocument(id: $id) }`, { id: brief.document.id });
    for (const [purpose, contentType] of [
      ['LOGO', 'image/png'],
      ['LOGO', 'image/webp'],
      ['BACKGROUND_IMAGE', 'image/jpeg'],
    ]) {
      const image = await requestUpload(api, ws.token, {
        purpose: purpose as 'LOGO',
        fileName: 'i',
        contentType,
        size: 32,
      });
      expect((await postForm(image, imageBytes(contentType, 32))).status).toBe(204);
      await as(`mutation($id: ID!) { completeBrandingUpload(uploadId: $id) { id } }`, { id: image.uploadId });
    }
    await as(`mutation { removeBrandingImage(image: BACKGROUND_IMAGE) { id } }`);
    // Invoices: every event type, and numbers drawn concurrently.
    const invoice = (input: string) =>
      as(`mutation($p: ID!) { createInvoice(input: { projectId: $p, ${input} }) { id } }`, {
        p: projects[0],
      }).then((r) => r.createInvoice.id);
    const lines = `currency: "USD", lineItems: [{ description: "Design", quantity: 2.5, unitAmount: 40000 }], taxRatePercent: 8.875`;
    const [draft, paid, voided] = await Promise.all([invoice(lines), invoice(lines), invoice(lines)]);
    await as(
      `mutation($id: ID!) { updateInvoice(id: $id, input: { notes: "Net 30", dueDate: "2026-04-01T00:00:00Z" }) { id } }`,
      { id: draft },
    );
    for (const id of [paid, voided]) await as(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id });
    await as(
      `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 50000, method: "bank_transfer") { id } }`,
      { id: paid },
    );
    await as(
      `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 58875, method: "cash", note: "rest") { id } }`,
      { id: paid },
    );
    await as(`mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 100, method: "cash") { id } }`, {
      id: voided,
    });
    await as(`mutation($id: ID!) { voidInvoice(id: $id, reason: "Sent twice") { id } }`, { id: voided });
    // Several rates on one invoice; reminders turned off and on; a reminder sent by the job.
    const dueSoon = new Date(Date.now() + 86_400_000).toISOString();
    const reminded = (
      await as(
        `mutation($p: ID!, $d: DateTime) { createInvoice(input: { projectId: $p, currency: "EUR", taxRatePercent: 20, taxLabel: "VAT", dueDate: $d,
           lineItems: [{ description: "Design", quantity: 1, unitAmount: 10000 }, { description: "Book", quantity: 1, unitAmount: 2000, taxRatePercent: 5.5 }] }) { id } }`,
        { p: projects[0], d: dueSoon },
      )
    ).createInvoice.id;
    await as(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: reminded });
    for (const enabled of [false, true])
      await as(`mutation($id: ID!, $e: Boolean!) { setInvoiceReminders(id: $id, enabled: $e) { id } }`, {
        id: reminded,
        e: enabled,
      });
    await as(`mutation { updateReminderSchedule(daysFromDue: [-3, 0, 7]) { id } }`);
    expect(
      (await runInvoiceReminders({ pool: api.context.pool, commands: api.context.commands, now: new Date() }))
        .reminded,
    ).toBeGreaterThanOrEqual(1);
    // A recurring invoice: scheduled, issued (sent), paused, resumed and ended; another issued as a draft.
    const template = await invoice(lines);
    const { scheduleRecurringInvoice: recurrence } = await as(
      `mutation($t: ID!, $s: DateTime!) { scheduleRecurringInvoice(input: { templateInvoiceId: $t, interval: WEEK, startDate: $s, sendAutomatically: true, dueInDays: 14 }) { id } }`,
      { t: template, s: new Date().toISOString() },
    );
    const draftTemplate = await invoice(lines);
    await as(
      `mutation($t: ID!, $s: DateTime!) { scheduleRecurringInvoice(input: { templateInvoiceId: $t, interval: MONTH, startDate: $s, count: 1 }) { id } }`,
      { t: draftTemplate, s: new Date().toISOString() },
    );
    const issued = await runRecurringInvoices({
      pool: api.context.pool,
      recurrences: api.context.services.recurrences,
      now: new Date(Date.now() + 60_000),
    });
    expect(issued).toEqual({ issued: 2, failed: 0 });
    for (const step of ['pauseRecurringInvoice', 'resumeRecurringInvoice', 'endRecurringInvoice'])
      await as(`mutation($id: ID!) { ${step}(id: $id) { id } }`, { id: recurrence.id });
    // An invoice whose content landed before several rates (schema version 1), projected as it was upcast.
    const legacyInvoice = '7a2e3d4c-5b6a-4f79-8e1d-2c3b4a5f6e70';
    await inTransaction(api.context.pool, async (db) => {
      const { events } = await api.context.store.append(
        `invoice-${legacyInvoice}`,
        0,
        [
          {
            type: 'InvoiceCreated',
            schemaVersion: 1,
            data: {
              workspaceId: ws.workspaceId,
              clientId,
              projectId: projects[0],
              invoiceId: legacyInvoice,
              number: 'INV-LEGACY',
              currency: 'USD',
              lineItems: [{ description: 'Old work', quantity: 2, unitAmount: 5_000, amount: 10_000 }],
              taxRatePercent: 10,
              subtotal: 10_000,
              taxAmount: 1_000,
              total: 11_000,
              dueDate: null,
              notes: null,
              createdAt: '2025-11-01T09:00:00.000Z',
            },
          },
        ],
        {
          actor: { kind: 'MEMBER', id: ws.ownerId, name: 'Ava Owner' },
          correlationId: 'legacy',
          causationId: null,
          tenantId: ws.workspaceId,
        },
        db,
      );
      await new InlineProjectionRunner(inlineProjections).apply(events, db);
    });
    await as(`mutation($id: ID!) { updateInvoice(id: $id, input: { notes: "Kept" }) { id } }`, {
      id: legacyInvoice,
    });
    // Checkout sessions paid all the same, on the paid and on the voided invoice (PaymentExceededDue).
    // The workspace connected acct_1Workload above: its events come from that account.
    for (const [id, amount] of [
      [paid, 5_000],
      [voided, 7_000],
    ] as const) {
      const event = checkoutCompleted({
        id: `cs_test_workload_${amount}`,
        amount_total: amount,
        currency: 'usd',
        client_reference_id: id,
        metadata: { invoiceId: id, workspaceId: ws.workspaceId },
        account: 'acct_1Workload',
      });
      expect((await deliverSigned(api.url, event, WEBHOOK_SECRET)).status).toBe(200);
    }
    await as(`mutation($id: ID!) { archiveClient(id: $id) { id } }`, { id: clientId });
    await as(`mutation($id: ID!) { unarchiveClient(id: $id) { id } }`, { id: clientId });
    // Concurrent writers and a second tenant in the same log.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.gql(
          `mutation($id: ID!, $n: String!) { renameProject(id: $id, name: $n) { id } }`,
          { id: projects[0], n: `W${i}` },
          ws.token,
        ),
      ),
    );
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        api.gql(
          `mutation($id: ID!, $b: String!) { commentOnTask(taskId: $id, body: $b) { id } }`,
          { id: taskId, b: `Parallel ${i}` },
          ws.token,
        ),
      ),
    );
    const otherClient = await as(
      `mutation { createClient(input: { name: "Other", contacts: [{ name: "John", email: "john@smith.test" }] }) { id } }`,
      {},
      other.token,
    );
    const otherProject = await as(
      `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Other site" }) { id } }`,
      { c: otherClient.createClient.id },
      other.token,
    );
    await as(
      `mutation($p: ID!) { createTask(input: { projectId: $p, title: "Other task" }) { id } }`,
      { p: otherProject.createProject.id },
      other.token,
    );
    await as(
      `mutation($p: ID!) { shareLink(projectId: $p, title: "Other link", url: "https://other.test") { id } }`,
      { p: otherProject.createProject.id },
      other.token,
    );
  });
  afterAll(() => api.stop());

  it('the workload appends every event type a read model handles', async () => {
    const { rows } = await api.db.owner.query('SELECT DISTINCT type FROM es_events ORDER BY type');
    const logged = rows.map((row) => row.type);
    const handled = new InlineProjectionRunner(inlineProjections).eventTypes;
    expect(handled.filter((type) => !logged.includes(type))).toEqual([]);
  });

  it('--verify finds every read model equal to a replay of the log', async () => {
    const result = await cli(api.db.url, 'rebuild-projections', '--verify');
    expect(result.stdout).toMatch(
      /verified workspaces, members, clients, contacts, projects, tasks, task_comments, documents, invoices, invoice_payments, billing_settings, recurring_invoices, recurring_invoice_periods, messages, timeline_entries from \d+ events/,
    );
    expect(result.stdout).toMatch(/read models equal the log/);
    expect(result.code).toBe(0);
  });

  it("verify-log finds every stream's hash chain whole after the workload", async () => {
    const result = await cli(api.db.url, 'verify-log');
    const { rows } = await api.db.owner.query(
      'SELECT (SELECT count(*) FROM es_events)::int AS checked, (SELECT count(*) FROM es_streams)::int AS streams',
    );
    expect(JSON.parse(result.stdout)).toEqual({ ...rows[0], ok: true });
    expect(result.code).toBe(0);
  });

  it('a rebuild replays into the same rows, and --verify catches a row changed by hand', async () => {
    const snapshot = async () =>
      (
        await api.db.owner.query(
          `SELECT (SELECT json_agg(t ORDER BY id) FROM timeline_entries t) AS t, (SELECT json_agg(c ORDER BY id) FROM contacts c) AS c,
             (SELECT json_agg(k ORDER BY id) FROM tasks k) AS k, (SELECT json_agg(m ORDER BY id) FROM task_comments m) AS m,
             (SELECT json_agg(d ORDER BY id) FROM documents d) AS d`,
        )
      ).rows[0];
    const before = await snapshot();
    expect((await cli(api.db.url, 'rebuild-projections')).code).toBe(0);
    expect(await snapshot()).toEqual(before);

    await api.db.owner.query(
      `UPDATE timeline_entries SET summary = 'tampered' WHERE id = (SELECT id FROM timeline_entries LIMIT 1)`,
    );
    const tampered = await cli(api.db.url, 'rebuild-projections', '--verify');
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(
      /DIFFERENT timeline_entries: 1 live rows not rebuilt, 1 rebuilt rows not live/,
    );
  });
});
