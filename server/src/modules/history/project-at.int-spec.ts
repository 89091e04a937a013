import { setTimeout as sleep } from 'node:timers/promises';
import {
  createTestWorkspace,
  errorCode,
  ok,
  signInAsContact,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { invitationToken, inviteMember, signInMemberWith } from '../../test/member.fixture';
import { InlineProjectionRunner } from '../../projections/inline-projection';
import { inlineProjections } from '..';
import type { MemberViewer } from '../../auth/viewer';
import { ProjectAtService } from './project-at.service';

const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { id } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const RENAME_PROJECT = `mutation($id: ID!, $name: String!) { renameProject(id: $id, name: $name) { id } }`;
const SET_STATUS = `mutation($id: ID!, $s: ProjectStatus!) { setProjectStatus(id: $id, status: $s) { id } }`;
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`;
const SEND_INVOICE = `mutation($id: ID!) { sendInvoice(id: $id) { id } }`;
const RECORD_PAYMENT = `mutation($id: ID!, $amount: Int!) { recordPayment(invoiceId: $id, amount: $amount, method: "bank") { id } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const TASK_STATUS = `mutation($id: ID!, $s: TaskStatus!) { setTaskStatus(id: $id, status: $s) { id } }`;
const COMMENT = `mutation($id: ID!, $body: String!) { commentOnTask(taskId: $id, body: $body) { id } }`;
const SHARE_LINK = `mutation($p: ID!) { shareLink(projectId: $p, title: "Brief", url: "https://example.test/brief") { id } }`;
const REMOVE_DOCUMENT = `mutation($id: ID!) { removeDocument(id: $id) }`;
const POST_MESSAGE = `mutation($p: ID!, $body: String!) { postMessage(projectId: $p, body: $body) { id } }`;

/** What the console shows of a project, without what is signed or reckoned from today (url, pdfUrl, overdue). */
const SELECTION = `id name status createdAt
  client { id name contacts { id name email } }
  documents { id kind name sharedAt sharedBy { name } }
  invoices { id number status currency subtotal taxAmount total amountPaid amountDue issuedAt paidAt
    lineItems { description quantity unitAmount } payments { amount method receivedAt } project { id name } }
  tasks { id title status completedAt comments { body author { name } } }
  messages(first: 50) { edges { node { body author { name } } } }
  timeline(first: 50) { edges { node { type summary occurredAt } } }`;
const PROJECT = `query($id: ID!) { project(id: $id) { ${SELECTION} } }`;
const PROJECT_AT = `query($id: ID!, $at: DateTime!) { projectAt(id: $id, at: $at) { ${SELECTION} } }`;

describe('projectAt: the project as it stood at an instant, replayed from the log', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let projectId: string;
  /** Instants between the steps, each with what `project` answered right then. */
  const steps: { label: string; at: string; live: any }[] = [];
  let beforeProject: string;

  const gql = async (query: string, variables: Record<string, unknown> = {}) =>
    ok(await api.gql(query, variables, ws.token));
  /** An instant after the last command's commit and before the next one's start, and the live answer then. */
  const mark = async (label: string) => {
    await sleep(15);
    const at = new Date().toISOString();
    steps.push({ label, at, live: (await gql(PROJECT, { id: projectId })).project });
    await sleep(15);
  };
  const projectAt = async (at: string, as: string | { cookie: string } = ws.token) =>
    api.gql(PROJECT_AT, { id: projectId, at }, as);

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createTestWorkspace(api);
    const clientId = (
      await gql(CREATE_CLIENT, {
        input: { name: 'Smith & Co', contacts: [{ name: 'Carla Contact', email: 'carla@smith.test' }] },
      })
    ).createClient.id;
    await sleep(15);
    beforeProject = new Date().toISOString();
    await sleep(15);
    projectId = (await gql(CREATE_PROJECT, { input: { clientId, name: 'Website' } })).createProject.id;
    await mark('created');
    await gql(RENAME_PROJECT, { id: projectId, name: 'Website v2' });
    await mark('renamed');
    const invoiceId = (
      await gql(CREATE_INVOICE, {
        input: {
          projectId,
          currency: 'EUR',
          lineItems: [{ description: 'Design', quantity: 2, unitAmount: 5000 }],
        },
      })
    ).createInvoice.id;
    await gql(SEND_INVOICE, { id: invoiceId });
    await mark('invoice sent');
    await gql(RECORD_PAYMENT, { id: invoiceId, amount: 4000 });
    await mark('part paid');
    const taskId = (await gql(CREATE_TASK, { input: { projectId, title: 'Wireframes' } })).createTask.id;
    await gql(COMMENT, { id: taskId, body: 'first draft attached' });
    await mark('task and comment');
    await gql(TASK_STATUS, { id: taskId, s: 'DONE' });
    await gql(COMMENT, { id: taskId, body: 'signed off' });
    await gql(RECORD_PAYMENT, { id: invoiceId, amount: 6000 });
    await mark('task done, invoice paid');
    const documentId = (await gql(SHARE_LINK, { p: projectId })).shareLink.id;
    await gql(POST_MESSAGE, { p: projectId, body: 'The brief is up' });
    await mark('document shared, message');
    await gql(REMOVE_DOCUMENT, { id: documentId });
    await gql(RENAME_PROJECT, { id: projectId, name: 'Website 2025' });
    await gql(SET_STATUS, { id: projectId, s: 'COMPLETED' });
    await mark('document removed, renamed, completed');
  }, 60_000);
  afterAll(() => api.stop());

  it('answers at every instant exactly what project(id) answered then', async () => {
    for (const step of steps) {
      const past = ok(await projectAt(step.at)).projectAt;
      expect({ step: step.label, project: past }).toEqual({ step: step.label, project: step.live });
    }
  });

  it('shows each step as it stood: name, status, invoice, payments, tasks, comments, documents, messages, timeline', async () => {
    const at = async (label: string) =>
      ok(await projectAt(steps.find((s) => s.label === label)!.at)).projectAt;
    const created = await at('created');
    expect(created).toMatchObject({
      name: 'Website',
      status: 'ACTIVE',
      invoices: [],
      tasks: [],
      documents: [],
    });
    expect(created.client).toMatchObject({ name: 'Smith & Co', contacts: [{ email: 'carla@smith.test' }] });
    expect(created.timeline.edges.map((e: any) => e.node.type)).toEqual(['ProjectCreated', 'ClientCreated']);

    expect((await at('renamed')).name).toBe('Website v2');
    const sent = await at('invoice sent');
    expect(sent.invoices).toMatchObject([{ status: 'SENT', total: 10000, amountPaid: 0, payments: [] }]);
    expect(sent.invoices[0].project).toEqual({ id: projectId, name: 'Website v2' });
    const part = await at('part paid');
    expect(part.invoices).toMatchObject([
      { status: 'PARTIALLY_PAID', amountPaid: 4000, amountDue: 6000, payments: [{ amount: 4000 }] },
    ]);
    expect((await at('task and comment')).tasks).toMatchObject([
      { title: 'Wireframes', status: 'TODO', comments: [{ body: 'first draft attached' }] },
    ]);
    const done = await at('task done, invoice paid');
    expect(done.tasks).toMatchObject([
      { status: 'DONE', comments: [{ body: 'first draft attached' }, { body: 'signed off' }] },
    ]);
    expect(done.invoices).toMatchObject([{ status: 'PAID', amountPaid: 10000, payments: [{}, {}] }]);
    expect(done.messages.edges).toEqual([]);
    const shared = await at('document shared, message');
    expect(shared.documents).toMatchObject([{ kind: 'LINK', name: 'Brief' }]);
    expect(shared.messages.edges.map((e: any) => e.node.body)).toEqual(['The brief is up']);
    const last = await at('document removed, renamed, completed');
    expect(last).toMatchObject({ name: 'Website 2025', status: 'COMPLETED', documents: [] });
    expect(last.timeline.edges.length).toBeGreaterThan(shared.timeline.edges.length);
    // The timeline up to then: every entry of an earlier instant is older than that instant.
    for (const step of steps) {
      const past = ok(await projectAt(step.at)).projectAt;
      for (const edge of past.timeline.edges) expect(edge.node.occurredAt <= step.at).toBe(true);
    }
  });

  it('is null before the project existed, and for an id that is no project', async () => {
    expect(ok(await projectAt(beforeProject)).projectAt).toBeNull();
    expect(
      ok(await api.gql(PROJECT_AT, { id: ws.workspaceId, at: steps[0].at }, ws.token)).projectAt,
    ).toBeNull();
    expect(
      ok(await api.gql(PROJECT_AT, { id: 'not-a-uuid', at: steps[0].at }, ws.token)).projectAt,
    ).toBeNull();
  });

  it('is null for a member of another workspace, whatever the instant', async () => {
    const other = await createTestWorkspace(api, 'Olga Other');
    for (const step of [steps[0], steps[steps.length - 1]])
      expect(ok(await projectAt(step.at, other.token)).projectAt).toBeNull();
  });

  it('is FORBIDDEN to contacts, and open to a member whose role is MEMBER', async () => {
    const contact = await signInAsContact(api, ws.slug, 'carla@smith.test');
    const refused = await projectAt(steps[0].at, contact);
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(refused.data?.projectAt ?? null).toBeNull();
    expect(errorCode(await api.gql(PROJECT_AT, { id: projectId, at: steps[0].at }))).toBe('UNAUTHENTICATED');

    const mia = await inviteMember(api, ws, { name: 'Mia Member', email: 'mia@history.test' });
    const cookie = await signInMemberWith(api, (await invitationToken(api, mia.id))!);
    expect(ok(await projectAt(steps[1].at, cookie)).projectAt.name).toBe('Website v2');
  });

  it('with snapshots: the first replay leaves one, and every later instant answers the same from it', async () => {
    const service = api.context.services.projectAt;
    const snapshotting = new ProjectAtService({
      pool: api.context.pool,
      store: api.context.store,
      runner: new InlineProjectionRunner(inlineProjections),
      release: 'test',
      snapshotAfter: 1,
    });
    api.context.services.projectAt = snapshotting;
    try {
      for (const step of steps) {
        const past = ok(await projectAt(step.at)).projectAt;
        expect({ step: step.label, project: past }).toEqual({ step: step.label, project: step.live });
      }
      const snapshots = await api.db.owner.query(
        'SELECT upto, events, streams FROM project_snapshots WHERE project_id = $1 ORDER BY upto',
        [projectId],
      );
      expect(snapshots.rows.length).toBe(3); // the newest three are kept
      // Each later instant restored the one before and replayed only what it lacked.
      expect(snapshots.rows.map((row) => row.events)).toEqual(
        expect.arrayContaining([expect.any(Number), expect.any(Number), expect.any(Number)]),
      );
      // From the newest snapshot back to any instant: the answers are still the ones of their time.
      for (const step of [...steps].reverse()) {
        const past = ok(await projectAt(step.at)).projectAt;
        expect({ step: step.label, project: past }).toEqual({ step: step.label, project: step.live });
      }
      // The newest instant, replayed from its own snapshot, applies nothing; with no snapshot, everything.
      const viewer = { kind: 'MEMBER', workspaceId: ws.workspaceId } as MemberViewer;
      const last = steps[steps.length - 1];
      const fromSnapshot = (await snapshotting.open(viewer, projectId, new Date(last.at)))!;
      await fromSnapshot.release();
      const whole = (await service.open(viewer, projectId, new Date(last.at)))!;
      await whole.release();
      expect(fromSnapshot.events).toBe(0);
      // The session it ran on was kept, holding that snapshot: the next look starts there, with nothing restored.
      const again = (await snapshotting.open(viewer, projectId, new Date(last.at)))!;
      await again.release();
      expect([fromSnapshot.from, again.from]).toEqual([
        expect.stringMatching(/^(session|snapshot)$/),
        'session',
      ]);
      expect(whole.events).toBeGreaterThan(10);
      // A snapshot of another build (another release or shape of the read models) is never restored.
      await api.db.owner.query(`UPDATE project_snapshots SET build = 'old', state = '{}'::jsonb`);
      expect(ok(await projectAt(last.at)).projectAt).toEqual(last.live);
    } finally {
      api.context.services.projectAt = service;
      await snapshotting.close();
    }
  });

  it('leaves no connection behind: each replay ends with its request', async () => {
    await Promise.all(steps.map((step) => projectAt(step.at)));
    await sleep(50);
    const { rows } = await api.db.owner.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(rows[0].n).toBe(0);
  });
});
