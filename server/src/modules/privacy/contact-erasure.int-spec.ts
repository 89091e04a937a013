import { createMailer } from '../../integrations/mailer.factory';
import { InlineProjectionRunner } from '../../projections/inline-projection';
import { rebuildProjections } from '../../projections/rebuild';
import { verifyChains } from '../../event-store/hash-chain';
import {
  createTestWorkspace,
  errorCode,
  ok,
  startTestApi,
  type Caller,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import {
  createClientWithContacts,
  startEmailPipeline,
  testQueuePrefix,
  waitFor,
  type EmailPipeline,
  type TestContact,
} from '../../test/email.fixture';
import { eventLogProbe } from '../../test/event-log.probe';
import { whereFound } from '../../test/personal-data.probe';
import { invitationToken, inviteMember, signInMemberWith } from '../../test/member.fixture';
import { caughtUp, notificationsRunner } from '../../test/notification.fixture';
import { requestUpload } from '../../test/upload.fixture';
import { inlineProjections } from '..';
import type { ProcessorRunner } from '../../projections/async-processor';
import type { MemberViewer } from '../../auth/viewer';
import { ProjectAtService } from '../history/project-at.service';

const ERASE = `mutation($id: ID!) { eraseContact(contactId: $id) { id name contacts { id name email } } }`;
const CONTACT_VIEWER = `{ viewer { __typename ... on ContactViewer { contact { id name } } } }`;
const PROJECT = `query($id: ID!) { project(id: $id) {
  timeline(first: 50) { edges { node { type summary actor { kind id name } } } }
  messages(first: 20) { edges { node { body author { kind id name } } } }
  tasks { title assignee { kind id name } }
} }`;
const BY_KEY = `query($k: String!) { invoiceByKey(key: $k) { id } }`;

describe('eraseContact: crypto-shredding of a contact, the log kept append-only', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let pipeline: EmailPipeline;
  let notifications: ProcessorRunner;
  let clientId: string;
  let zelda: TestContact;
  let otto: TestContact;
  let projectId: string;
  let zeldaSession: Caller;
  let memberToken: Caller;
  let invoiceKey: string;
  const prefix = testQueuePrefix();

  const { sql, appendsNothing } = eventLogProbe(
    () => api,
    () => ws.token,
  );
  const member = (query: string, variables: Record<string, unknown> = {}, as: Caller = ws.token) =>
    api.gql(query, variables, as).then(ok);

  beforeAll(async () => {
    api = await startTestApi({ PUBLIC_URL: 'https://portal.example.test' });
    ws = await createTestWorkspace(api);
    other = await createTestWorkspace(api, 'Mallory Owner');
    // A member of lower role, signed in with the invitation's link (read from the outbox before the emails run).
    const invited = await inviteMember(api, ws, { name: 'Mo Member', email: 'mo@studio.test' });
    memberToken = await signInMemberWith(api, (await invitationToken(api, invited.id))!);
    pipeline = startEmailPipeline(api.context, {
      prefix,
      mailer: createMailer(api.context.config, api.context.pool),
    });
    notifications = notificationsRunner(api.context);
    notifications.start();
    const created = await createClientWithContacts(api, ws, [
      { name: 'Zelda Quillfeather', email: 'zelda.quillfeather@erase.test' },
      { name: 'Otto Keepwell', email: 'otto.keepwell@erase.test' },
    ]);
    clientId = created.clientId;
    [zelda, otto] = created.contacts;
    projectId = (
      await member(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Brand book" }) { id } }`,
        {
          c: clientId,
        },
      )
    ).createProject.id;
    await member(
      `mutation { updateTaskSettings(input: { visibility: ALL, clientsCanCreate: true, clientsCanEdit: true, clientsCanComment: true }) { id } }`,
    );
    await member(`mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`, {
      input: { projectId, title: 'Review the palette', assigneeContactId: zelda.id },
    });
    // Zelda renames herself through a member, so the log holds two names of hers.
    await member(
      `mutation($id: ID!) { renameContact(contactId: $id, name: "Zelda Q. Quillfeather") { id } }`,
      {
        id: zelda.id,
      },
    );

    // Zelda signs in, writes, comments and asks to upload: her name goes into the actor of each event.
    ok(
      await api.gql('mutation($s: String!, $e: String!) { requestLoginLink(slug: $s, email: $e) }', {
        s: ws.slug,
        e: zelda.email,
      }),
    );
    const token = await waitFor(async () => {
      const rows = await sql(`SELECT text_body FROM dev_mailbox WHERE to_address = $1`, [zelda.email]);
      return rows.map((row) => /auth\?token=([\w-]+)/.exec(row.text_body)?.[1]).find(Boolean);
    }, 'the sign-in email to Zelda');
    const response = await api.post(
      'mutation($t: String!) { signInWithLoginLink(token: $t) { contact { id } } }',
      {
        t: token,
      },
    );
    zeldaSession = { cookie: response.headers.get('set-cookie')!.split(';')[0] };
    ok(
      await api.gql(
        `mutation($p: ID!) { postMessage(projectId: $p, body: "The teal works for us") { id } }`,
        { p: projectId },
        zeldaSession,
      ),
    );
    const [task] = (await sql('SELECT id FROM tasks WHERE project_id = $1', [projectId])) as { id: string }[];
    ok(
      await api.gql(
        `mutation($t: ID!) { commentOnTask(taskId: $t, body: "Looks right") { id } }`,
        { t: task.id },
        zeldaSession,
      ),
    );
    await requestUpload(api, zeldaSession, {
      projectId,
      fileName: 'notes.pdf',
      contentType: 'application/pdf',
      size: 10,
    });

    // An invoice goes to both contacts, each email with a key of its own.
    const { createInvoice } = await member(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`,
      {
        input: {
          projectId,
          currency: 'EUR',
          lineItems: [{ description: 'Palette', quantity: 1, unitAmount: 90_000 }],
          dueDate: '2030-01-31T00:00:00.000Z',
        },
      },
    );
    await member(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id: createInvoice.id });
    const mail = await waitFor(async () => {
      const rows = await sql(
        `SELECT text_body FROM dev_mailbox WHERE to_address = $1 AND text_body LIKE '%key=%'`,
        [zelda.email],
      );
      return rows[0]?.text_body as string | undefined;
    }, 'the invoice email to Zelda');
    invoiceKey = /key=([A-Za-z0-9_-]{43})/.exec(mail)![1];
    expect(ok(await api.gql(BY_KEY, { k: invoiceKey })).invoiceByKey).toEqual({ id: createInvoice.id });

    // A look at the project's past leaves a snapshot, which holds her name as the replay read it.
    const history = new ProjectAtService({
      pool: api.context.pool,
      store: api.context.store,
      runner: new InlineProjectionRunner(inlineProjections),
      release: 'test',
      snapshotAfter: 1,
    });
    await (await history.open(
      { kind: 'MEMBER', workspaceId: ws.workspaceId } as MemberViewer,
      projectId,
      new Date(),
    ))!.release();
    await history.close();
    await caughtUp(api.context);
    await waitFor(
      async () =>
        (await sql(`SELECT 1 FROM email_deliveries WHERE recipient = $1`, [zelda.email])).length > 0,
      'a delivery to Zelda',
    );
  }, 60_000);

  afterAll(async () => {
    await notifications?.stop();
    await pipeline?.stopAndClean();
    await api?.stop();
  });

  it('before: the log holds Zelda only as ciphertext, while the read models and emails show her', async () => {
    const needles = ['Quillfeather', zelda.email];
    const found = await whereFound(api, needles);
    expect(found).not.toContain('es_events.data');
    expect(found).not.toContain('es_events.metadata');
    expect(found).toEqual(
      expect.arrayContaining([
        'contacts.name',
        'contacts.email',
        'timeline_entries.summary',
        'messages.author',
        'task_comments.author',
        'notifications.summary',
        'email_deliveries.recipient',
        'dev_mailbox.to_address',
        'invoice_keys.email',
        'upload_tickets.requested_by',
        'project_snapshots.state',
      ]),
    );
    // The members read her as she is, through the store, which opens the sealed values.
    const events = (await api.context.store.readStream(`client-${clientId}`)).map((e) => e.data);
    expect(JSON.stringify(events)).toContain('Zelda Q. Quillfeather');
  });

  it('is refused, appending nothing, to a member of lower role, another workspace, the contact and anyone', async () => {
    await appendsNothing(async () => {
      expect(errorCode(await api.gql(ERASE, { id: zelda.id }, memberToken))).toBe('FORBIDDEN');
      const foreign = await api.gql(ERASE, { id: zelda.id }, other.token);
      expect(foreign.errors?.[0].extensions).toEqual(
        expect.objectContaining({ code: 'NOT_FOUND', field: 'contactId' }),
      );
      expect(errorCode(await api.gql(ERASE, { id: zelda.id }, zeldaSession))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(ERASE, { id: zelda.id }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await api.gql(ERASE, { id: 'not-an-id' }, ws.token))).toBe('NOT_FOUND');
    });
    // Nothing of hers changed: she is still signed in.
    expect(ok(await api.gql(CONTACT_VIEWER, {}, zeldaSession)).viewer.contact.id).toBe(zelda.id);
  });

  it('erases her everywhere: no column of any table holds her name or email, the log only gained an event', async () => {
    const [before] = await sql(
      `SELECT count(*)::int AS n, md5(string_agg(data::text || metadata::text, ',' ORDER BY global_position)) AS digest
       FROM es_events`,
    );
    const erased = ok(await api.gql(ERASE, { id: zelda.id }, ws.token)).eraseContact;
    expect(erased).toEqual({
      id: clientId,
      name: expect.any(String),
      contacts: [{ id: otto.id, name: 'Otto Keepwell', email: otto.email }],
    });

    // Nothing of hers anywhere: every text, JSON, array and bytea column of every table.
    expect(await whereFound(api, ['Quillfeather', 'Zelda', zelda.email, 'zelda.quillfeather'])).toEqual([]);
    // Otto is untouched.
    expect(await whereFound(api, ['Keepwell'])).toEqual(expect.arrayContaining(['contacts.name']));

    // The log: every earlier row as it was, and one event more, ContactErased, with no personal data.
    const [after] = await sql(
      `SELECT count(*)::int AS n, md5(string_agg(data::text || metadata::text, ',' ORDER BY global_position)) AS digest
       FROM es_events WHERE global_position <= (SELECT max(global_position) FROM es_events WHERE type <> 'ContactErased')`,
    );
    expect(after.digest).toBe(before.digest);
    const erasedEvents = await sql(`SELECT data FROM es_events WHERE type = 'ContactErased'`);
    expect(erasedEvents.map((row) => row.data)).toEqual([
      { workspaceId: ws.workspaceId, clientId, contactId: zelda.id },
    ]);
    const [key] = await sql('SELECT key, erased_at FROM personal_data_keys WHERE subject_id = $1', [
      zelda.id,
    ]);
    expect(key).toEqual({ key: null, erased_at: expect.any(Date) });
  });

  it('she shows as "Erased contact" wherever she was, and her session, links and invoice key are gone', async () => {
    const project = ok(await api.gql(PROJECT, { id: projectId }, ws.token)).project;
    const message = project.messages.edges.find((e: any) => e.node.body === 'The teal works for us').node;
    expect(message.author).toEqual({ kind: 'CONTACT', id: zelda.id, name: 'Erased contact' });
    expect(project.tasks[0].assignee).toEqual(expect.objectContaining({ name: 'Erased contact' }));
    const summaries = project.timeline.edges.map((e: any) => e.node.summary);
    expect(summaries).toEqual(expect.arrayContaining([expect.stringMatching(/^Erased contact /)]));
    const notes = await sql(`SELECT summary, actor FROM notifications WHERE actor->>'id' = $1`, [zelda.id]);
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) {
      expect(note.summary).toMatch(/^Erased contact /);
      expect(note.actor.name).toBe('Erased contact');
    }
    // Her cookie is anonymous now, and what needs a viewer is refused.
    expect(ok(await api.gql(CONTACT_VIEWER, {}, zeldaSession)).viewer).toBeNull();
    expect(errorCode(await api.gql(PROJECT, { id: projectId }, zeldaSession))).toBe('UNAUTHENTICATED');
    expect(ok(await api.gql(BY_KEY, { k: invoiceKey })).invoiceByKey).toBeNull();
    const links = await sql(
      'SELECT count(*)::int AS n FROM login_links WHERE contact_id = $1 AND used_at IS NULL AND revoked_at IS NULL',
      [zelda.id],
    );
    expect(links[0].n).toBe(0);
    // The members' log shows the erasure, and her events read with her stand-ins.
    const events = (await api.context.store.readStream(`client-${clientId}`)).map((e) => e.data);
    expect(JSON.stringify(events)).not.toMatch(/Zelda/);
    expect(JSON.stringify(events)).toContain('Erased contact');
  });

  it('a second erasure changes nothing; she cannot sign in again', async () => {
    await appendsNothing(async () => {
      const again = ok(await api.gql(ERASE, { id: zelda.id }, ws.token)).eraseContact;
      expect(again.contacts.map((c: TestContact) => c.id)).toEqual([otto.id]);
      ok(
        await api.gql('mutation($s: String!, $e: String!) { requestLoginLink(slug: $s, email: $e) }', {
          s: ws.slug,
          e: zelda.email,
        }),
      );
    });
  });

  it('rebuild-projections --verify: the read models are still only a function of the log', async () => {
    const result = await rebuildProjections(
      api.context.pool,
      api.context.store,
      new InlineProjectionRunner(inlineProjections),
      { verify: true },
    );
    expect(result.differences).toEqual([]);
    expect(result.events).toBeGreaterThan(10);
  });

  it('verify-log: every chain still holds, the hashes being over the ciphertext the erasure left as it was', async () => {
    const report = await verifyChains(api.db.owner);
    expect(report.failure).toBeUndefined();
    expect(report.ok).toBe(true);
    const [{ n }] = await sql('SELECT count(*)::int AS n FROM es_events');
    expect(report.checked).toBe(n);
  });

  it('a removed contact can be erased too', async () => {
    await member(`mutation($id: ID!) { removeContact(contactId: $id) { id } }`, { id: otto.id });
    const erased = ok(await api.gql(ERASE, { id: otto.id }, ws.token)).eraseContact;
    expect(erased.contacts).toEqual([]);
    expect(await whereFound(api, ['Keepwell', otto.email])).toEqual([]);
  });
});
