import {
  createTestWorkspace,
  errorCode,
  ok,
  signInAsContact,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';

/**
 * The portal as one contact (John, of client X) sees it: only X's ACTIVE
 * projects, no drafts, no members-only timeline entries, tasks as the
 * workspace's task settings allow at the moment of the request, and task
 * changes only when the settings let clients make them.
 */

const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { id contacts { id name email } } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const SET_STATUS = `mutation($id: ID!, $status: ProjectStatus!) { setProjectStatus(id: $id, status: $status) { id } }`;
const RENAME_PROJECT = `mutation($id: ID!, $name: String!) { renameProject(id: $id, name: $name) { id } }`;
const SHARE_LINK = `mutation($projectId: ID!, $title: String!, $url: String!) {
  shareLink(projectId: $projectId, title: $title, url: $url) { id } }`;
const REMOVE_DOCUMENT = `mutation($id: ID!) { removeDocument(id: $id) }`;
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id number } }`;
const UPDATE_INVOICE = `mutation($id: ID!, $input: UpdateInvoiceInput!) { updateInvoice(id: $id, input: $input) { id } }`;
const SEND_INVOICE = `mutation($id: ID!) { sendInvoice(id: $id) { id } }`;
const VOID_INVOICE = `mutation($id: ID!, $reason: String) { voidInvoice(id: $id, reason: $reason) { id status } }`;
const RECORD_PAYMENT = `mutation($id: ID!, $amount: Int!) {
  recordPayment(invoiceId: $id, amount: $amount, method: "bank_transfer") { id status } }`;
const CHANGE_EMAIL = `mutation($id: ID!, $email: String!) { changeContactEmail(contactId: $id, email: $email) { id } }`;
const TASK_SETTINGS = `mutation($input: TaskPortalSettingsInput!) { updateTaskSettings(input: $input) {
  taskSettings { visibility clientsCanCreate clientsCanEdit clientsCanComment } } }`;

const TASK_FIELDS = `id title status assignee { kind id name } createdBy { kind id name } comments { body author { kind id name } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
const UPDATE_TASK = `mutation($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { ${TASK_FIELDS} } }`;
const SET_TASK_STATUS = `mutation($id: ID!, $status: TaskStatus!) { setTaskStatus(id: $id, status: $status) { ${TASK_FIELDS} } }`;
const COMMENT = `mutation($taskId: ID!, $body: String!) { commentOnTask(taskId: $taskId, body: $body) {
  id body author { kind id name } } }`;

const VIEWER = `{ viewer { __typename ... on ContactViewer {
  contact { id name email }
  client { id name archived contacts { id name email } projects { id name status } }
  portal { slug enabled branding { companyName accentColor showYourBrand } }
  taskSettings { visibility clientsCanCreate clientsCanEdit clientsCanComment } } } }`;
const PROJECT_IDS = `query($status: ProjectStatus) { projects(status: $status) { id } }`;
const PROJECT = `query($id: ID!) { project(id: $id) { id name status } }`;
const PROJECT_CLIENT = `query($id: ID!) { project(id: $id) { client { id name contacts { email } projects { id } } } }`;
const PROJECT_DOCUMENTS = `query($id: ID!) { project(id: $id) { documents { id kind name url } } }`;
const PROJECT_INVOICES = `query($id: ID!) { project(id: $id) { invoices { id number status amountPaid } } }`;
const INVOICE = `query($id: ID!) { invoice(id: $id) { id number status project { id } } }`;
const PROJECT_TASKS = `query($id: ID!) { project(id: $id) { tasks { id title comments { body } } } }`;
/** A page of 50 (the cost limit refuses this selection at 100), paged by the caller. */
const TIMELINE = `query($id: ID!, $after: String) { project(id: $id) { timeline(first: 50, after: $after) {
  edges { node { id type summary actor { kind id name } } } pageInfo { hasNextPage endCursor } } } }`;
const EVENTS = `query($s: String) { events(streamId: $s) { nodes { type actor { kind id name } } } }`;

interface Entry {
  id: string;
  type: string;
  summary: string;
  actor: { kind: string; id: string | null; name: string };
}
interface Invoice {
  id: string;
  number: string;
}
type Visibility = 'OFF' | 'ASSIGNED' | 'ALL';
type Caller = string | { cookie: string };

/** Entries a member's timeline holds that a contact never reads. */
const MEMBERS_ONLY_TYPES = new Set([
  'ClientCreated',
  'ClientRenamed',
  'ContactAdded',
  'ContactEmailChanged',
  'ContactRemoved',
  'ClientArchived',
  'ClientUnarchived',
  'ContactSignedIn',
  'InvoiceCreated',
  'InvoiceUpdated',
  'DocumentRemoved',
]);
const TASK_TYPES = new Set(['TaskCreated', 'TaskUpdated', 'TaskStatusChanged', 'TaskCommented']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('what a contact sees', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let john: { cookie: string };
  let johnContact: { id: string; name: string; email: string };
  let janeContact: { id: string; name: string; email: string };
  let yanContact: { id: string; name: string; email: string };
  let clientX: string;
  let clientY: string;
  let active: string;
  let completed: string;
  let archived: string;
  let yProject: string;
  let liveLinkId: string;
  let removedLinkId: string;
  const inv = {} as Record<
    'draft' | 'sent' | 'partial' | 'paid' | 'voidDraft' | 'voidSent' | 'onCompleted' | 'ofY',
    Invoice
  >;
  const tasks = {} as Record<'johns' | 'unassigned' | 'janes', string>;
  const TITLES = { johns: 'Homepage copy', unassigned: 'Pick fonts', janes: 'Approve sitemap' };

  const gql = (query: string, variables: Record<string, unknown> = {}, as: Caller = ws.token) =>
    api.gql(query, variables, as);
  const member = async (query: string, variables: Record<string, unknown> = {}) =>
    ok(await gql(query, variables));
  const asJohn = (query: string, variables: Record<string, unknown> = {}) => gql(query, variables, john);
  const logSize = async () =>
    Number((await api.db.owner.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n);

  const createInvoice = async (projectId: string, unitAmount: number, notes: string): Promise<Invoice> =>
    (
      await member(CREATE_INVOICE, {
        input: {
          projectId,
          currency: 'USD',
          lineItems: [{ description: 'Design', quantity: 1, unitAmount }],
          notes,
        },
      })
    ).createInvoice;
  const setTasks = async (
    visibility: Visibility,
    can: { create: boolean; edit: boolean; comment: boolean } = {
      create: false,
      edit: false,
      comment: false,
    },
  ) =>
    member(TASK_SETTINGS, {
      input: {
        visibility,
        clientsCanCreate: can.create,
        clientsCanEdit: can.edit,
        clientsCanComment: can.comment,
      },
    });

  /** A project's whole timeline as a viewer reads it, newest first. */
  const timelineOf = async (as: Caller, projectId = active): Promise<Entry[]> => {
    const entries: Entry[] = [];
    let after: string | null = null;
    for (;;) {
      const {
        timeline,
      }: { timeline: { edges: { node: Entry }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } =
        ok(await gql(TIMELINE, { id: projectId, after }, as)).project;
      entries.push(...timeline.edges.map((edge) => edge.node));
      if (!timeline.pageInfo.hasNextPage) return entries;
      after = timeline.pageInfo.endCursor;
    }
  };

  /** The task (by title) an entry concerns; null when it is not a task entry. */
  const taskOfEntry = (entry: Entry): keyof typeof TITLES | null => {
    if (!TASK_TYPES.has(entry.type)) return null;
    const found = (Object.keys(TITLES) as (keyof typeof TITLES)[]).find((key) =>
      entry.summary.includes(`'${TITLES[key]}'`),
    );
    if (!found) throw new Error(`a task entry of no known task: ${entry.summary}`);
    return found;
  };

  /** What John should read of the member's timeline, by the rules of the contract. */
  const expectedForJohn = (entries: Entry[], visibleTasks: (keyof typeof TITLES)[]) =>
    entries.filter((entry) => {
      if (MEMBERS_ONLY_TYPES.has(entry.type)) return false;
      if (entry.type === 'InvoiceVoided' && entry.summary.includes(`voided invoice ${inv.voidDraft.number}`))
        return false;
      const task = taskOfEntry(entry);
      return task === null || visibleTasks.includes(task);
    });

  /** The log of one stream as a member reads it, once the whole stream shows. */
  async function streamEvents(streamId: string) {
    const { rows } = await api.db.owner.query('SELECT version FROM es_streams WHERE stream_id = $1', [
      streamId,
    ]);
    const version = Number(rows[0]?.version ?? 0);
    for (let attempt = 0; ; attempt++) {
      const nodes = (await member(EVENTS, { s: streamId })).events.nodes;
      if (nodes.length >= version || attempt >= 200)
        return nodes as { type: string; actor: Entry['actor'] }[];
      await sleep(50);
    }
  }

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createTestWorkspace(api, 'Ava Owner');

    const x = (
      await member(CREATE_CLIENT, {
        input: {
          name: 'Smith & Co',
          contacts: [
            { name: 'John Smith', email: 'john@smith.test' },
            { name: 'Jane Smith', email: 'jane@smith.test' },
          ],
        },
      })
    ).createClient;
    clientX = x.id;
    [johnContact, janeContact] = x.contacts;
    const y = (
      await member(CREATE_CLIENT, {
        input: { name: 'Jones Ltd', contacts: [{ name: 'Yan Jones', email: 'yan@jones.test' }] },
      })
    ).createClient;
    clientY = y.id;
    yanContact = y.contacts[0];

    const project = async (clientId: string, name: string) =>
      (await member(CREATE_PROJECT, { input: { clientId, name } })).createProject.id as string;
    active = await project(clientX, 'Website');
    completed = await project(clientX, 'Logo');
    archived = await project(clientX, 'Old site');
    yProject = await project(clientY, 'Brochure');

    // Documents: one live, one shared then removed.
    liveLinkId = (
      await member(SHARE_LINK, {
        projectId: active,
        title: 'Brand guidelines',
        url: 'https://example.test/brand',
      })
    ).shareLink.id;
    removedLinkId = (
      await member(SHARE_LINK, {
        projectId: active,
        title: 'Old moodboard',
        url: 'https://example.test/mood',
      })
    ).shareLink.id;
    ok(await gql(REMOVE_DOCUMENT, { id: removedLinkId }));

    // Invoices in every state, on the active project.
    inv.draft = await createInvoice(active, 10_000, 'draft');
    ok(await gql(UPDATE_INVOICE, { id: inv.draft.id, input: { notes: 'draft, edited' } }));
    inv.sent = await createInvoice(active, 20_000, 'sent');
    ok(await gql(SEND_INVOICE, { id: inv.sent.id }));
    inv.partial = await createInvoice(active, 30_000, 'partial');
    ok(await gql(SEND_INVOICE, { id: inv.partial.id }));
    expect((await member(RECORD_PAYMENT, { id: inv.partial.id, amount: 10_000 })).recordPayment.status).toBe(
      'PARTIALLY_PAID',
    );
    inv.paid = await createInvoice(active, 40_000, 'paid');
    ok(await gql(SEND_INVOICE, { id: inv.paid.id }));
    expect((await member(RECORD_PAYMENT, { id: inv.paid.id, amount: 40_000 })).recordPayment.status).toBe(
      'PAID',
    );
    inv.voidDraft = await createInvoice(active, 50_000, 'void draft');
    expect(
      (await member(VOID_INVOICE, { id: inv.voidDraft.id, reason: 'Duplicate' })).voidInvoice.status,
    ).toBe('VOID');
    inv.voidSent = await createInvoice(active, 60_000, 'void sent');
    ok(await gql(SEND_INVOICE, { id: inv.voidSent.id }));
    expect(
      (await member(VOID_INVOICE, { id: inv.voidSent.id, reason: 'Wrong amount' })).voidInvoice.status,
    ).toBe('VOID');
    // A sent invoice of the project completed later, and one of client Y.
    ok(
      await gql(SHARE_LINK, {
        projectId: completed,
        title: 'Logo sources',
        url: 'https://example.test/logo',
      }),
    );
    inv.onCompleted = await createInvoice(completed, 70_000, 'logo');
    ok(await gql(SEND_INVOICE, { id: inv.onCompleted.id }));
    inv.ofY = await createInvoice(yProject, 80_000, 'brochure');
    ok(await gql(SEND_INVOICE, { id: inv.ofY.id }));

    ok(await gql(SET_STATUS, { id: completed, status: 'COMPLETED' }));
    ok(await gql(SET_STATUS, { id: archived, status: 'ARCHIVED' }));

    // Tasks: John's, nobody's, Jane's; each with a member's comment.
    const task = async (title: string, assigneeContactId: string | null) =>
      (await member(CREATE_TASK, { input: { projectId: active, title, assigneeContactId } })).createTask
        .id as string;
    tasks.johns = await task(TITLES.johns, johnContact.id);
    tasks.unassigned = await task(TITLES.unassigned, null);
    tasks.janes = await task(TITLES.janes, janeContact.id);
    for (const [key, id] of Object.entries(tasks))
      ok(await gql(COMMENT, { taskId: id, body: `Note on ${TITLES[key as keyof typeof TITLES]}` }));

    ok(await gql(RENAME_PROJECT, { id: active, name: 'Website relaunch' }));
    // Email changes: a contact of another client, and Jane (an entry of X's, for members only).
    ok(await gql(CHANGE_EMAIL, { id: yanContact.id, email: 'yan.jones@jones.test' }));
    yanContact = { ...yanContact, email: 'yan.jones@jones.test' };
    ok(await gql(CHANGE_EMAIL, { id: janeContact.id, email: 'jane.smith@smith.test' }));
    janeContact = { ...janeContact, email: 'jane.smith@smith.test' };

    john = await signInAsContact(api, ws.slug, 'john@smith.test');
  });
  afterAll(() => api.stop());

  it('viewer is a ContactViewer: his contact, client X, the portal and the task settings', async () => {
    const { viewer } = ok(await asJohn(VIEWER));
    expect(viewer).toEqual({
      __typename: 'ContactViewer',
      contact: { id: johnContact.id, name: 'John Smith', email: 'john@smith.test' },
      client: {
        id: clientX,
        name: 'Smith & Co',
        archived: false,
        contacts: [
          { id: johnContact.id, name: 'John Smith', email: 'john@smith.test' },
          { id: janeContact.id, name: 'Jane Smith', email: 'jane.smith@smith.test' },
        ],
        projects: [{ id: active, name: 'Website relaunch', status: 'ACTIVE' }],
      },
      portal: {
        slug: ws.slug,
        enabled: true,
        branding: {
          companyName: expect.stringMatching(/^Studio/),
          accentColor: expect.stringMatching(/^#[0-9a-f]{6}$/i),
          showYourBrand: false,
        },
      },
      taskSettings: {
        visibility: 'OFF',
        clientsCanCreate: false,
        clientsCanEdit: false,
        clientsCanComment: false,
      },
    });
  });

  it("projects lists only X's ACTIVE project; project(id) of any other is null", async () => {
    expect(ok(await asJohn(PROJECT_IDS)).projects).toEqual([{ id: active }]);
    expect(ok(await asJohn(PROJECT_IDS, { status: 'ACTIVE' })).projects).toEqual([{ id: active }]);
    for (const status of ['COMPLETED', 'ARCHIVED'])
      expect({ status, ...ok(await asJohn(PROJECT_IDS, { status })) }).toEqual({ status, projects: [] });

    expect(ok(await asJohn(PROJECT, { id: active })).project).toEqual({
      id: active,
      name: 'Website relaunch',
      status: 'ACTIVE',
    });
    for (const id of [completed, archived, yProject, clientX, 'not-a-uuid']) {
      expect({ id, ...(await asJohn(PROJECT, { id })) }).toEqual({ id, data: { project: null } });
    }
    // The member sees all four.
    expect((await member(PROJECT_IDS)).projects).toHaveLength(4);
  });

  it('project { client } is X with its contacts and only its ACTIVE projects', async () => {
    expect(ok(await asJohn(PROJECT_CLIENT, { id: active })).project.client).toEqual({
      id: clientX,
      name: 'Smith & Co',
      contacts: [{ email: 'john@smith.test' }, { email: 'jane.smith@smith.test' }],
      projects: [{ id: active }],
    });
    // A member reads every project of the client through the same field.
    expect((await member(PROJECT_CLIENT, { id: active })).project.client.projects).toEqual([
      { id: active },
      { id: completed },
      { id: archived },
    ]);
  });

  it('documents: only the live link', async () => {
    expect(ok(await asJohn(PROJECT_DOCUMENTS, { id: active })).project.documents).toEqual([
      { id: liveLinkId, kind: 'LINK', name: 'Brand guidelines', url: 'https://example.test/brand' },
    ]);
  });

  it('invoices: no DRAFT, not the draft voided unsent; the voided sent one shows; invoice(id) of a draft or of Y is null', async () => {
    const { invoices } = ok(await asJohn(PROJECT_INVOICES, { id: active })).project;
    expect(invoices).toEqual([
      { id: inv.sent.id, number: inv.sent.number, status: 'SENT', amountPaid: 0 },
      { id: inv.partial.id, number: inv.partial.number, status: 'PARTIALLY_PAID', amountPaid: 10_000 },
      { id: inv.paid.id, number: inv.paid.number, status: 'PAID', amountPaid: 40_000 },
      { id: inv.voidSent.id, number: inv.voidSent.number, status: 'VOID', amountPaid: 0 },
    ]);
    // The member sees all six of the project.
    expect(
      (await member(PROJECT_INVOICES, { id: active })).project.invoices.map((i: Invoice) => i.id),
    ).toEqual([inv.draft, inv.sent, inv.partial, inv.paid, inv.voidDraft, inv.voidSent].map((i) => i.id));

    for (const key of ['sent', 'partial', 'paid', 'voidSent'] as const)
      expect(ok(await asJohn(INVOICE, { id: inv[key].id })).invoice).toMatchObject({
        id: inv[key].id,
        project: { id: active },
      });
    for (const key of ['draft', 'voidDraft', 'ofY'] as const) {
      expect({ key, ...(await asJohn(INVOICE, { id: inv[key].id })) }).toEqual({
        key,
        data: { invoice: null },
      });
    }
  });

  it('an invoice of a project no longer ACTIVE does not open that project to the contact', async () => {
    // project(id) of the completed project is null (see above); the invoice must not be a way around it
    // to that project's documents and timeline.
    const result = await asJohn(
      `query($id: ID!) { invoice(id: $id) { id project { id status documents { id } tasks { id }
        timeline(first: 100) { edges { node { summary } } } } } }`,
      { id: inv.onCompleted.id },
    );
    const exposed = result.data?.invoice?.project ?? null;
    expect({ exposedProject: exposed }).toEqual({ exposedProject: null });
  });

  it('timeline: no members-only entries; the rename and the sent invoice are there', async () => {
    const all = await timelineOf(ws.token);
    const seen = await timelineOf(john);
    expect(seen).toEqual(expectedForJohn(all, []));

    const types = seen.map((entry) => entry.type);
    for (const type of [...MEMBERS_ONLY_TYPES, ...TASK_TYPES]) expect(types).not.toContain(type);
    const summaries = seen.map((entry) => entry.summary);
    expect(summaries).toContain("Ava Owner renamed the project to 'Website relaunch'");
    expect(summaries).toContain(`Ava Owner sent invoice ${inv.sent.number} for $200.00`);
    expect(summaries).toContain(`Ava Owner voided invoice ${inv.voidSent.number}: Wrong amount`);
    expect(summaries.some((s) => s.includes(inv.voidDraft.number))).toBe(false);
    expect(summaries.some((s) => s.includes(inv.draft.number))).toBe(false);
    expect(summaries.some((s) => /email|jones/i.test(s))).toBe(false);
    expect(summaries.some((s) => s.includes('Old moodboard') && s.includes('removed'))).toBe(false);
    // …while the member's timeline does hold those entries (the filter is what hides them).
    const memberTypes = all.map((entry) => entry.type);
    for (const type of [
      'ClientCreated',
      'ContactEmailChanged',
      'InvoiceCreated',
      'InvoiceUpdated',
      'DocumentRemoved',
      'ContactSignedIn',
    ])
      expect(memberTypes).toContain(type);
    expect(all.find((e) => e.type === 'ContactEmailChanged')!.summary).toBe(
      "Ava Owner changed Jane Smith's email to jane.smith@smith.test",
    );
  });

  it('tasks follow the workspace setting at once: OFF, ASSIGNED, ALL', async () => {
    const tasksSeen = async () =>
      ok(await asJohn(PROJECT_TASKS, { id: active })).project.tasks.map((t: { id: string }) => t.id);
    const settingSeen = async () => ok(await asJohn(VIEWER)).viewer.taskSettings.visibility;
    const all = async () => timelineOf(ws.token);

    // OFF (the default).
    expect(await settingSeen()).toBe('OFF');
    expect(await tasksSeen()).toEqual([]);
    expect(await timelineOf(john)).toEqual(expectedForJohn(await all(), []));

    await setTasks('ASSIGNED');
    expect(await settingSeen()).toBe('ASSIGNED');
    expect(await tasksSeen()).toEqual([tasks.johns, tasks.janes]);
    const assignedTimeline = await timelineOf(john);
    expect(assignedTimeline).toEqual(expectedForJohn(await all(), ['johns', 'janes']));
    expect(assignedTimeline.map((e) => e.summary)).toEqual(
      expect.arrayContaining([
        `Ava Owner assigned '${TITLES.johns}' to John Smith`,
        `Ava Owner assigned '${TITLES.janes}' to Jane Smith`,
        `Ava Owner commented on '${TITLES.janes}'`,
      ]),
    );
    expect(assignedTimeline.some((e) => e.summary.includes(TITLES.unassigned))).toBe(false);
    // The comments of the tasks he sees come with them.
    expect(ok(await asJohn(PROJECT_TASKS, { id: active })).project.tasks).toEqual([
      { id: tasks.johns, title: TITLES.johns, comments: [{ body: `Note on ${TITLES.johns}` }] },
      { id: tasks.janes, title: TITLES.janes, comments: [{ body: `Note on ${TITLES.janes}` }] },
    ]);

    await setTasks('ALL');
    expect(await settingSeen()).toBe('ALL');
    expect(await tasksSeen()).toEqual([tasks.johns, tasks.unassigned, tasks.janes]);
    const allTimeline = await timelineOf(john);
    expect(allTimeline).toEqual(expectedForJohn(await all(), ['johns', 'unassigned', 'janes']));
    expect(allTimeline.map((e) => e.summary)).toContain(`Ava Owner created the task '${TITLES.unassigned}'`);

    // And back: OFF hides them again on the very next request.
    await setTasks('OFF');
    expect(await tasksSeen()).toEqual([]);
    expect((await timelineOf(john)).some((e) => TASK_TYPES.has(e.type))).toBe(false);
  });

  describe('task changes as John', () => {
    const JOHN = () => ({ kind: 'CONTACT', id: johnContact.id, name: 'John Smith' });

    /** Runs work and checks that the log did not grow. */
    async function appendsNothing(work: () => Promise<void>) {
      const before = await logSize();
      await work();
      expect(await logSize()).toBe(before);
    }
    const refusal = (result: GraphQLResult) => ({ code: errorCode(result), data: result.data ?? null });

    it('with every clientsCan* false: FORBIDDEN, and nothing appended', async () => {
      await setTasks('ALL', { create: false, edit: false, comment: false });
      await appendsNothing(async () => {
        const outcomes = {
          createTask: refusal(
            await asJohn(CREATE_TASK, { input: { projectId: active, title: 'From John' } }),
          ),
          updateTask: refusal(
            await asJohn(UPDATE_TASK, { id: tasks.johns, input: { title: 'Renamed by John' } }),
          ),
          setTaskStatus: refusal(await asJohn(SET_TASK_STATUS, { id: tasks.johns, status: 'DONE' })),
          commentOnTask: refusal(await asJohn(COMMENT, { taskId: tasks.johns, body: 'Hello' })),
        };
        const forbidden = { code: 'FORBIDDEN', data: null };
        expect(outcomes).toEqual({
          createTask: forbidden,
          updateTask: forbidden,
          setTaskStatus: forbidden,
          commentOnTask: forbidden,
        });
      });
    });

    it('with them true: each works, as John (the log and the timeline name him)', async () => {
      await setTasks('ALL', { create: true, edit: true, comment: true });

      const created = ok(
        await asJohn(CREATE_TASK, {
          input: { projectId: active, title: 'Hero photo', assigneeContactId: janeContact.id },
        }),
      ).createTask;
      expect(created).toMatchObject({
        title: 'Hero photo',
        status: 'TODO',
        assignee: { kind: 'CONTACT', id: janeContact.id, name: 'Jane Smith' },
        createdBy: JOHN(),
      });
      let entry = (await timelineOf(john))[0];
      expect(entry).toMatchObject({
        type: 'TaskCreated',
        summary: "John Smith assigned 'Hero photo' to Jane Smith",
        actor: JOHN(),
      });

      const updated = ok(
        await asJohn(UPDATE_TASK, { id: tasks.johns, input: { title: 'Homepage copy v2' } }),
      ).updateTask;
      expect(updated.title).toBe('Homepage copy v2');
      entry = (await timelineOf(john))[0];
      expect(entry).toMatchObject({
        type: 'TaskUpdated',
        summary: "John Smith updated 'Homepage copy v2'",
        actor: JOHN(),
      });

      const moved = ok(
        await asJohn(SET_TASK_STATUS, { id: tasks.johns, status: 'IN_PROGRESS' }),
      ).setTaskStatus;
      expect(moved.status).toBe('IN_PROGRESS');
      entry = (await timelineOf(john))[0];
      expect(entry).toMatchObject({
        type: 'TaskStatusChanged',
        summary: "John Smith moved 'Homepage copy v2' to in progress",
        actor: JOHN(),
      });

      const comment = ok(
        await asJohn(COMMENT, { taskId: tasks.johns, body: 'Draft is in the doc' }),
      ).commentOnTask;
      expect(comment).toMatchObject({ body: 'Draft is in the doc', author: JOHN() });
      entry = (await timelineOf(john))[0];
      expect(entry).toMatchObject({
        type: 'TaskCommented',
        summary: "John Smith commented on 'Homepage copy v2'",
        actor: JOHN(),
      });
      // The member's timeline names him just the same.
      expect((await timelineOf(ws.token))[0]).toMatchObject({ id: entry.id, actor: JOHN() });

      // The log records John as the actor of each of his events.
      expect(await streamEvents(`task-${created.id}`)).toEqual([{ type: 'TaskCreated', actor: JOHN() }]);
      const johnsTask = await streamEvents(`task-${tasks.johns}`);
      expect(johnsTask.slice(-3)).toEqual([
        { type: 'TaskUpdated', actor: JOHN() },
        { type: 'TaskStatusChanged', actor: JOHN() },
        { type: 'TaskCommented', actor: JOHN() },
      ]);
      expect(johnsTask.slice(0, -3).every((e) => e.actor.kind === 'MEMBER')).toBe(true);
    });

    it('a task he cannot see (ASSIGNED, unassigned task) is NOT_FOUND, and nothing is appended', async () => {
      await setTasks('ASSIGNED', { create: true, edit: true, comment: true });
      await appendsNothing(async () => {
        const outcomes = {
          updateTask: refusal(
            await asJohn(UPDATE_TASK, { id: tasks.unassigned, input: { title: 'Mine now' } }),
          ),
          assignToSelf: refusal(
            await asJohn(UPDATE_TASK, { id: tasks.unassigned, input: { assigneeContactId: johnContact.id } }),
          ),
          setTaskStatus: refusal(await asJohn(SET_TASK_STATUS, { id: tasks.unassigned, status: 'DONE' })),
          commentOnTask: refusal(await asJohn(COMMENT, { taskId: tasks.unassigned, body: 'Peek' })),
        };
        const notFound = { code: 'NOT_FOUND', data: null };
        expect(outcomes).toEqual({
          updateTask: notFound,
          assignToSelf: notFound,
          setTaskStatus: notFound,
          commentOnTask: notFound,
        });
      });
      // Nor may he create a task on a project he does not see.
      await appendsNothing(async () => {
        for (const projectId of [completed, archived, yProject]) {
          const result = await asJohn(CREATE_TASK, { input: { projectId, title: 'Elsewhere' } });
          expect({ projectId, ...refusal(result) }).toEqual({ projectId, code: 'NOT_FOUND', data: null });
        }
      });
    });

    it('under ASSIGNED, a task he creates with no assignee is his: answered, in Project.tasks and in his timeline', async () => {
      await setTasks('ASSIGNED', { create: true, edit: true, comment: true });
      const result = await asJohn(CREATE_TASK, { input: { projectId: active, title: 'Call the printer' } });
      expect(result.errors).toBeUndefined();
      const created = result.data!.createTask;
      expect(created).toMatchObject({ title: 'Call the printer', assignee: JOHN(), createdBy: JOHN() });
      expect(
        ok(await asJohn(PROJECT_TASKS, { id: active })).project.tasks.map((t: { id: string }) => t.id),
      ).toContain(created.id);
      // He can go on with it: comment, and see both entries.
      ok(await asJohn(COMMENT, { taskId: created.id, body: 'Booked for Monday' }));
      const mine = (await timelineOf(john)).filter((e) => e.summary.includes("'Call the printer'"));
      expect(mine).toEqual([
        expect.objectContaining({
          type: 'TaskCommented',
          summary: "John Smith commented on 'Call the printer'",
        }),
        expect.objectContaining({
          type: 'TaskCreated',
          summary: "John Smith assigned 'Call the printer' to John Smith",
          actor: JOHN(),
        }),
      ]);
      // Naming an assignee of his client still works as before.
      const forJane = ok(
        await asJohn(CREATE_TASK, {
          input: { projectId: active, title: 'Proofread', assigneeContactId: janeContact.id },
        }),
      ).createTask;
      expect(forJane.assignee).toEqual({ kind: 'CONTACT', id: janeContact.id, name: 'Jane Smith' });
    });

    it('under ASSIGNED he cannot unassign a task (it would vanish from him): BAD_USER_INPUT, nothing appended', async () => {
      await setTasks('ASSIGNED', { create: true, edit: true, comment: true });
      await appendsNothing(async () => {
        const result = await asJohn(UPDATE_TASK, { id: tasks.johns, input: { assigneeContactId: null } });
        expect(result.data ?? null).toBeNull();
        expect(result.errors?.[0].extensions).toEqual({
          code: 'BAD_USER_INPUT',
          field: 'input.assigneeContactId',
        });
      });
    });

    it('with visibility OFF he may not create a task even when clientsCanCreate: FORBIDDEN, nothing appended', async () => {
      await setTasks('OFF', { create: true, edit: true, comment: true });
      await appendsNothing(async () => {
        const result = await asJohn(CREATE_TASK, { input: { projectId: active, title: 'Unseen' } });
        expect(refusal(result)).toEqual({ code: 'FORBIDDEN', data: null });
      });
    });

    it('assigning to Yan (a contact of another client) is BAD_USER_INPUT, and nothing is appended', async () => {
      await setTasks('ALL', { create: true, edit: true, comment: true });
      await appendsNothing(async () => {
        const onCreate = await asJohn(CREATE_TASK, {
          input: { projectId: active, title: 'For Yan', assigneeContactId: yanContact.id },
        });
        const onUpdate = await asJohn(UPDATE_TASK, {
          id: tasks.johns,
          input: { assigneeContactId: yanContact.id },
        });
        for (const result of [onCreate, onUpdate]) {
          expect(result.data ?? null).toBeNull();
          expect(result.errors?.[0].extensions).toEqual({
            code: 'BAD_USER_INPUT',
            field: 'input.assigneeContactId',
          });
        }
      });
      // The task is still John's.
      const johns = ok(await asJohn(PROJECT_TASKS, { id: active })).project.tasks.find(
        (t: { id: string }) => t.id === tasks.johns,
      );
      expect(johns).toBeDefined();
      expect(
        (
          await member(`query($id: ID!) { project(id: $id) { tasks { id assignee { id } } } }`, {
            id: active,
          })
        ).project.tasks.find((t: { id: string }) => t.id === tasks.johns).assignee,
      ).toEqual({ id: johnContact.id });
    });
  });
});
