import {
  createTestWorkspace,
  errorCode,
  ok,
  signInAsContact,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../test/api.harness';
import { fileBytes, postForm, requestUpload } from '../test/upload.fixture';

/**
 * Client X's data against contacts who are not X's: a contact of client Y in
 * the same workspace A, a contact of client Z in workspace B, and A's own
 * member signed in to the portal as a contact of Y. Whatever they send with
 * X's ids, through every query and mutation of the contract, they read
 * nothing of X and change nothing of X. Tasks are visible to ALL and clients
 * may create, edit and comment, so the task settings are not what stops them.
 */

const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { id contacts { id email } } }`;
const ADD_CONTACT = `mutation($c: ID!, $input: ContactInput!) { addContact(clientId: $c, input: $input) { id } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const SET_STATUS = `mutation($id: ID!, $status: ProjectStatus!) { setProjectStatus(id: $id, status: $status) { id } }`;
const SHARE_LINK = `mutation($projectId: ID!, $title: String!, $url: String!) {
  shareLink(projectId: $projectId, title: $title, url: $url) { id } }`;
const REMOVE_DOCUMENT = `mutation($id: ID!) { removeDocument(id: $id) }`;
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`;
const SEND_INVOICE = `mutation($id: ID!) { sendInvoice(id: $id) { id } }`;
const RECORD_PAYMENT = `mutation($id: ID!, $amount: Int!) {
  recordPayment(invoiceId: $id, amount: $amount, method: "cash") { id } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const UPDATE_TASK = `mutation($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id title } }`;
const SET_TASK_STATUS = `mutation($id: ID!, $status: TaskStatus!) { setTaskStatus(id: $id, status: $status) { id status } }`;
const COMMENT = `mutation($taskId: ID!, $body: String!) { commentOnTask(taskId: $taskId, body: $body) { id body } }`;
const OPEN_TASK_SETTINGS = `mutation { updateTaskSettings(input: {
  visibility: ALL, clientsCanCreate: true, clientsCanEdit: true, clientsCanComment: true }) { id } }`;

/** What a member reads of X, for before/after comparisons (one project per request, under the cost limit). */
const X_CLIENT = `query($id: ID!) { client(id: $id) { id name archived contacts { id name email lastSignedInAt } projects { id } } }`;
const X_PROJECT = `query($id: ID!) { project(id: $id) { id name status createdAt client { id }
  documents { id kind name url sharedAt sharedBy { kind id name } }
  invoices { id number status currency total amountPaid amountDue issuedAt paidAt notes payments { id amount method } }
  tasks { id title description status dueDate assignee { kind id name } completedAt
    comments { id body author { kind id name } } } } }`;
const TIMELINE_PAGE = `query($id: ID!, $after: String) { project(id: $id) { timeline(first: 50, after: $after) {
  edges { cursor node { id type summary } } pageInfo { hasNextPage endCursor } } } }`;

/** Everything an outsider may read of their own portal, to be searched for X's ids and words. */
const OWN_VIEW = `{
  viewer { __typename ... on ContactViewer { contact { id email } client { id name contacts { id email } projects { id } }
    portal { slug } taskSettings { visibility } } }
  projects { id name client { id name contacts { id email } }
    documents { id name url } invoices { id number payments { id } } tasks { id title comments { id body } } }
}`;

interface XIds {
  clientId: string;
  contactIds: string[];
  projectIds: string[];
  invoiceIds: string[];
  taskIds: string[];
  documentIds: string[];
  commentIds: string[];
  /** Upload tickets of X: John's (sent, not completed) and A's member's (a logo, not completed). */
  uploadIds: string[];
}

interface Outsider {
  cookie: { cookie: string };
  contactId: string;
  clientId: string;
  projectId: string;
  taskId: string;
  /** Their workspace's member token. */
  memberToken: string;
}

type Expected = 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'BAD_USER_INPUT' | 'NOT_BUILT';
type Attack = [name: string, query: string, variables: Record<string, unknown>, expected: Expected];

/** Words of X's data that must never reach an outsider. */
const X_WORDS = [
  'Smith',
  'Website',
  'Homepage copy',
  'Pick fonts',
  'Brand guidelines',
  'example.test/x',
  'Top secret',
];

/** A result's data, or null when there is none: no data, or every root field null (a nullable field refused). */
function dataOf(result: GraphQLResult): unknown {
  const data = result.data as Record<string, unknown> | null | undefined;
  if (!data || Object.values(data).every((value) => value === null)) return null;
  return data;
}

describe('contact isolation', () => {
  let api: TestApi;
  let wsA: TestWorkspace;
  let wsB: TestWorkspace;
  let x: XIds;
  let xStreams: string[];
  let john: { cookie: string };
  const outsiders = {} as Record<'yan' | 'zoe' | 'ownerAsContact', Outsider>;
  /** What a member read of X before any outsider sent anything. */
  let snapshot: Awaited<ReturnType<typeof xAsMember>>;
  let versionsAtStart: Record<string, number>;

  const member = async (token: string, query: string, variables: Record<string, unknown> = {}) =>
    ok(await api.gql(query, variables, token));
  const logSize = async () =>
    Number((await api.db.owner.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n);
  const streamVersions = async (streamIds: string[]) => {
    const { rows } = await api.db.owner.query(
      'SELECT stream_id, version FROM es_streams WHERE stream_id = ANY($1) ORDER BY stream_id',
      [streamIds],
    );
    return Object.fromEntries(rows.map((row) => [row.stream_id, Number(row.version)]));
  };
  const protectedStreams = () => [
    ...xStreams,
    `workspace-${wsA.workspaceId}`,
    `workspace-${wsB.workspaceId}`,
  ];

  /** Every id of X, whatever it names, and its stream ids. */
  const allXIds = () => [
    x.clientId,
    ...x.contactIds,
    ...x.projectIds,
    ...x.invoiceIds,
    ...x.taskIds,
    ...x.documentIds,
    ...x.commentIds,
    ...x.uploadIds,
    ...xStreams,
  ];

  const timelineOf = async (as: string | { cookie: string }, projectId: string) => {
    const edges: { cursor: string; node: { id: string; type: string; summary: string } }[] = [];
    let after: string | null = null;
    for (;;) {
      const page: {
        edges: typeof edges;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      } = ok(await api.gql(TIMELINE_PAGE, { id: projectId, after }, as)).project.timeline;
      edges.push(...page.edges);
      if (!page.pageInfo.hasNextPage) return edges;
      after = page.pageInfo.endCursor;
    }
  };

  /** All a member of A reads of X. */
  const xAsMember = async () => ({
    client: (await member(wsA.token, X_CLIENT, { id: x.clientId })).client,
    projects: await Promise.all(
      x.projectIds.map(async (id) => ({
        ...(await member(wsA.token, X_PROJECT, { id })).project,
        timeline: await timelineOf(wsA.token, id),
      })),
    ),
    invoices: await Promise.all(
      x.invoiceIds.map(
        async (id) =>
          (
            await member(wsA.token, `query($id: ID!) { invoice(id: $id) { id status project { id } } }`, {
              id,
            })
          ).invoice,
      ),
    ),
  });

  beforeAll(async () => {
    api = await startTestApi();
    wsA = await createTestWorkspace(api, 'Ava Owner');
    wsB = await createTestWorkspace(api, 'Bob Owner');
    await member(wsA.token, OPEN_TASK_SETTINGS);
    await member(wsB.token, OPEN_TASK_SETTINGS);

    // X, in A.
    const clientX = (
      await member(wsA.token, CREATE_CLIENT, {
        input: {
          name: 'Smith & Co',
          contacts: [
            { name: 'John Smith', email: 'john@smith.test' },
            { name: 'Jane Smith', email: 'jane@smith.test' },
          ],
        },
      })
    ).createClient;
    const project = async (token: string, clientId: string, name: string) =>
      (await member(token, CREATE_PROJECT, { input: { clientId, name } })).createProject.id as string;
    const invoice = async (token: string, projectId: string, unitAmount: number, notes: string) =>
      (
        await member(token, CREATE_INVOICE, {
          input: {
            projectId,
            currency: 'USD',
            lineItems: [{ description: 'Work', quantity: 1, unitAmount }],
            notes,
          },
        })
      ).createInvoice.id as string;
    const task = async (token: string, projectId: string, title: string, assigneeContactId: string | null) =>
      (
        await member(token, CREATE_TASK, {
          input: { projectId, title, description: 'Top secret', assigneeContactId },
        })
      ).createTask.id as string;

    const website = await project(wsA.token, clientX.id, 'Website');
    const logo = await project(wsA.token, clientX.id, 'Website logo');
    const sent = await invoice(wsA.token, website, 20_000, 'Top secret terms');
    await member(wsA.token, SEND_INVOICE, { id: sent });
    const partial = await invoice(wsA.token, website, 30_000, 'Top secret terms');
    await member(wsA.token, SEND_INVOICE, { id: partial });
    await member(wsA.token, RECORD_PAYMENT, { id: partial, amount: 5_000 });
    const draft = await invoice(wsA.token, website, 40_000, 'Top secret draft');
    const onLogo = await invoice(wsA.token, logo, 50_000, 'Top secret logo');
    await member(wsA.token, SEND_INVOICE, { id: onLogo });
    await member(wsA.token, SET_STATUS, { id: logo, status: 'COMPLETED' });
    const johnsTask = await task(wsA.token, website, 'Homepage copy', clientX.contacts[0].id);
    const openTask = await task(wsA.token, website, 'Pick fonts', null);
    const commentIds = [
      (await member(wsA.token, COMMENT, { taskId: johnsTask, body: 'Top secret note' })).commentOnTask.id,
      (await member(wsA.token, COMMENT, { taskId: openTask, body: 'Top secret note' })).commentOnTask.id,
    ];
    const live = (
      await member(wsA.token, SHARE_LINK, {
        projectId: website,
        title: 'Brand guidelines',
        url: 'https://example.test/x/brand',
      })
    ).shareLink.id;
    const removed = (
      await member(wsA.token, SHARE_LINK, {
        projectId: website,
        title: 'Old brief',
        url: 'https://example.test/x/old',
      })
    ).shareLink.id;
    await member(wsA.token, REMOVE_DOCUMENT, { id: removed });
    x = {
      clientId: clientX.id,
      contactIds: clientX.contacts.map((contact: { id: string }) => contact.id),
      projectIds: [website, logo],
      invoiceIds: [sent, partial, draft, onLogo],
      taskIds: [johnsTask, openTask],
      documentIds: [live, removed],
      commentIds,
      uploadIds: [],
    };
    xStreams = [
      `client-${x.clientId}`,
      ...x.projectIds.map((id) => `project-${id}`),
      ...x.invoiceIds.map((id) => `invoice-${id}`),
      ...x.taskIds.map((id) => `task-${id}`),
      ...x.documentIds.map((id) => `document-${id}`),
    ];

    // Y, in A, with a project, a task and a sent invoice of its own.
    const ownerEmail = (await member(wsA.token, `{ viewer { ... on MemberViewer { member { email } } } }`))
      .viewer.member.email as string;
    const clientY = (
      await member(wsA.token, CREATE_CLIENT, {
        input: { name: 'Jones Ltd', contacts: [{ name: 'Yan Jones', email: 'yan@jones.test' }] },
      })
    ).createClient;
    // A's own member, as a contact of Y (as one would to preview the portal).
    const previewContactId = (
      await member(wsA.token, ADD_CONTACT, {
        c: clientY.id,
        input: { name: 'Ava Preview', email: ownerEmail },
      })
    ).addContact.id;
    const brochure = await project(wsA.token, clientY.id, 'Brochure');
    const yTask = await task(wsA.token, brochure, 'Fold', clientY.contacts[0].id);
    await member(wsA.token, SEND_INVOICE, { id: await invoice(wsA.token, brochure, 10_000, 'Brochure') });

    // Z, in B.
    const clientZ = (
      await member(wsB.token, CREATE_CLIENT, {
        input: { name: 'Zed GmbH', contacts: [{ name: 'Zoe Zed', email: 'zoe@zed.test' }] },
      })
    ).createClient;
    const zProject = await project(wsB.token, clientZ.id, 'Zed shop');
    const zTask = await task(wsB.token, zProject, 'Zed photos', clientZ.contacts[0].id);

    outsiders.yan = {
      cookie: await signInAsContact(api, wsA.slug, 'yan@jones.test'),
      contactId: clientY.contacts[0].id,
      clientId: clientY.id,
      projectId: brochure,
      taskId: yTask,
      memberToken: wsA.token,
    };
    outsiders.ownerAsContact = {
      cookie: await signInAsContact(api, wsA.slug, ownerEmail),
      contactId: previewContactId,
      clientId: clientY.id,
      projectId: brochure,
      taskId: yTask,
      memberToken: wsA.token,
    };
    outsiders.zoe = {
      cookie: await signInAsContact(api, wsB.slug, 'zoe@zed.test'),
      contactId: clientZ.contacts[0].id,
      clientId: clientZ.id,
      projectId: zProject,
      taskId: zTask,
      memberToken: wsB.token,
    };
    john = await signInAsContact(api, wsA.slug, 'john@smith.test');
    // X's upload tickets, sent and not completed: John's file and A's member's logo.
    const johnsFile = await requestUpload(api, john, {
      projectId: website,
      fileName: 'Top secret.pdf',
      contentType: 'application/pdf',
      size: 10,
    });
    const logoTicket = await requestUpload(api, wsA.token, {
      purpose: 'LOGO',
      fileName: 'logo.png',
      contentType: 'image/png',
      size: 10,
    });
    for (const ticket of [johnsFile, logoTicket]) {
      expect((await postForm(ticket, fileBytes(10))).status).toBe(204);
      x.uploadIds.push(ticket.uploadId);
    }

    snapshot = await xAsMember();
    versionsAtStart = await streamVersions(protectedStreams());
  });
  afterAll(() => api.stop());

  it("X's own contact reads X's ids (so a null below is a refusal, not a missing record)", async () => {
    const [website] = x.projectIds;
    const [sent, partial] = x.invoiceIds;
    const seen = ok(
      await api.gql(
        `query($p: ID!, $i1: ID!, $i2: ID!) { project(id: $p) { id documents { id } tasks { id comments { id } } }
          sent: invoice(id: $i1) { id } partial: invoice(id: $i2) { id } }`,
        { p: website, i1: sent, i2: partial },
        john,
      ),
    );
    expect(seen).toEqual({
      project: {
        id: website,
        documents: [{ id: x.documentIds[0] }],
        tasks: x.taskIds.map((id, n) => ({ id, comments: [{ id: x.commentIds[n] }] })),
      },
      sent: { id: sent },
      partial: { id: partial },
    });
  });

  describe.each([
    ['a contact of another client of the same workspace', 'yan'],
    ['a contact of a client of another workspace', 'zoe'],
    ["the workspace's own member, signed in as a contact of another client", 'ownerAsContact'],
  ] as const)('as %s', (_who, key) => {
    const as = () => outsiders[key];
    const gql = (query: string, variables: Record<string, unknown> = {}) =>
      api.gql(query, variables, as().cookie);
    const refusal = (result: GraphQLResult) => ({ code: errorCode(result), data: dataOf(result) });

    const expectNothingOfX = (value: unknown) => {
      const text = JSON.stringify(value);
      for (const id of allXIds()) expect({ id, leaked: text.includes(id) }).toEqual({ id, leaked: false });
      for (const word of X_WORDS)
        expect({ word, leaked: text.includes(word) }).toEqual({ word, leaked: false });
    };

    it('project(id) and invoice(id) are null for every id of X', async () => {
      for (const id of allXIds()) {
        const result = await gql(
          `query($id: ID!) { project(id: $id) { id name } invoice(id: $id) { id number } }`,
          { id },
        );
        expect({ id, ...result }).toEqual({ id, data: { project: null, invoice: null } });
      }
    });

    it("members' queries (clients, client, events) are FORBIDDEN, with X's ids too", async () => {
      const outcomes: unknown[] = [];
      const expected: unknown[] = [];
      const check = async (label: string, query: string, variables: Record<string, unknown> = {}) => {
        outcomes.push({ label, variables, ...refusal(await gql(query, variables)) });
        expected.push({ label, variables, code: 'FORBIDDEN', data: null });
      };
      await check('clients', '{ clients { id name } }');
      await check('clients', '{ clients(includeArchived: true) { id name } }');
      await check('events', '{ events { nodes { id streamId data } } }');
      await check('logDigest', '{ logDigest { digest streams events } }');
      const at = new Date().toISOString();
      for (const id of allXIds()) {
        await check('client', 'query($id: ID!) { client(id: $id) { id name } }', { id });
        await check(
          'projectAt',
          'query($id: ID!, $at: DateTime!) { projectAt(id: $id, at: $at) { id name } }',
          {
            id,
            at,
          },
        );
      }
      await check('projectAt', 'query($id: ID!, $at: DateTime!) { projectAt(id: $id, at: $at) { id } }', {
        id: as().projectId,
        at,
      });
      for (const streamId of xStreams)
        await check('events', 'query($s: String) { events(streamId: $s) { nodes { id data } } }', {
          s: streamId,
        });
      expect(outcomes).toEqual(expected);
    });

    it('viewer, projects (by any status) and their own portal hold nothing of X', async () => {
      const own = ok(await gql(OWN_VIEW));
      expect(own.viewer).toMatchObject({ __typename: 'ContactViewer', contact: { id: as().contactId } });
      expect(own.projects.map((p: { id: string }) => p.id)).toEqual([as().projectId]);
      expect(own.projects[0].tasks.map((t: { id: string }) => t.id)).toEqual([as().taskId]);
      expectNothingOfX(own);
      for (const status of ['ACTIVE', 'COMPLETED', 'ARCHIVED']) {
        const { projects } = ok(
          await gql('query($s: ProjectStatus) { projects(status: $s) { id name } }', { s: status }),
        );
        expect({ status, projects }).toEqual({
          status,
          projects: status === 'ACTIVE' ? [{ id: as().projectId, name: expect.any(String) }] : [],
        });
      }
      expectNothingOfX(await timelineOf(as().cookie, as().projectId));
      // Anyone's portal page: public branding, nothing of X.
      for (const slug of [wsA.slug, wsB.slug])
        expectNothingOfX(
          ok(
            await gql('query($s: String!) { portal(slug: $s) { slug enabled branding { companyName } } }', {
              s: slug,
            }),
          ),
        );
    });

    it("a cursor of X's timeline, used on their own project, yields none of X's entries", async () => {
      const xTimeline = await timelineOf(wsA.token, x.projectIds[0]);
      const xEntryIds = new Set(xTimeline.map((edge) => edge.node.id));
      for (const { cursor } of [xTimeline[0], xTimeline[Math.floor(xTimeline.length / 2)]]) {
        const page = ok(
          await api.gql(
            `query($id: ID!, $after: String) { project(id: $id) { timeline(first: 50, after: $after) { edges { node { id summary } } } } }`,
            { id: as().projectId, after: cursor },
            as().cookie,
          ),
        ).project.timeline.edges;
        for (const edge of page) expect(xEntryIds.has(edge.node.id)).toBe(false);
        expectNothingOfX(page);
      }
    });

    it('every mutation of the contract with X’s ids is refused with no data, and appends nothing', async () => {
      const versionsBefore = await streamVersions(protectedStreams());
      const logBefore = await logSize();
      const ids = allXIds();
      const [website] = x.projectIds;
      const [johnsTask] = x.taskIds;
      const [johnId] = x.contactIds;
      const each = (list: string[], make: (id: string) => Attack): Attack[] => list.map(make);

      const attacks: Attack[] = [
        // Members' operations: FORBIDDEN to any contact, whatever the id.
        [
          'updateBranding',
          `mutation { updateBranding(input: { companyName: "Mallory" }) { id } }`,
          {},
          'FORBIDDEN',
        ],
        ['setPortalEnabled', `mutation { setPortalEnabled(enabled: false) { id } }`, {}, 'FORBIDDEN'],
        [
          'updateTaskSettings',
          `mutation { updateTaskSettings(input: { visibility: OFF, clientsCanCreate: false, clientsCanEdit: false, clientsCanComment: false }) { id } }`,
          {},
          'FORBIDDEN',
        ],
        ['createApiToken', `mutation { createApiToken(name: "mine") { token } }`, {}, 'FORBIDDEN'],
        [
          'createClient',
          `mutation { createClient(input: { name: "Smith & Co", contacts: [{ name: "Mallory", email: "john@smith.test" }] }) { id } }`,
          {},
          'FORBIDDEN',
        ],
        ...each(ids, (id) => [
          'revokeApiToken',
          `mutation($id: ID!) { revokeApiToken(id: $id) }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each([x.clientId], (id) => [
          'renameClient',
          `mutation($id: ID!) { renameClient(id: $id, name: "Mine") { id } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each([x.clientId], (id) => [
          'addContact',
          `mutation($id: ID!) { addContact(clientId: $id, input: { name: "Mallory", email: "mallory@evil.test" }) { id } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each(x.contactIds, (id) => [
          'changeContactEmail',
          `mutation($id: ID!) { changeContactEmail(contactId: $id, email: "mallory@evil.test") { id email } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each(x.contactIds, (id) => [
          'removeContact',
          `mutation($id: ID!) { removeContact(contactId: $id) { id } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each([x.clientId], (id) => [
          'archiveClient',
          `mutation($id: ID!) { archiveClient(id: $id) { id } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each([x.clientId], (id) => [
          'unarchiveClient',
          `mutation($id: ID!) { unarchiveClient(id: $id) { id } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each([x.clientId], (id) => [
          'createProject',
          `mutation($id: ID!) { createProject(input: { clientId: $id, name: "Planted" }) { id } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each(x.projectIds, (id) => [
          'renameProject',
          `mutation($id: ID!) { renameProject(id: $id, name: "Mine") { id } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each(x.projectIds, (id) => [
          'setProjectStatus',
          `mutation($id: ID!) { setProjectStatus(id: $id, status: ARCHIVED) { id } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each(x.projectIds, (id) => [
          'createInvoice',
          `mutation($id: ID!) { createInvoice(input: { projectId: $id, currency: "USD", lineItems: [{ description: "x", quantity: 1, unitAmount: 1 }] }) { id } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each(x.invoiceIds, (id) => [
          'updateInvoice',
          `mutation($id: ID!) { updateInvoice(id: $id, input: { notes: "Pay Mallory" }) { id notes } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each(x.invoiceIds, (id) => [
          'sendInvoice',
          `mutation($id: ID!) { sendInvoice(id: $id) { id } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each(x.invoiceIds, (id) => [
          'voidInvoice',
          `mutation($id: ID!) { voidInvoice(id: $id, reason: "x") { id } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each(x.invoiceIds, (id) => [
          'recordPayment',
          `mutation($id: ID!) { recordPayment(invoiceId: $id, amount: 1, method: "cash") { id amountPaid } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each(x.projectIds, (id) => [
          'shareLink',
          `mutation($id: ID!) { shareLink(projectId: $id, title: "Phish", url: "https://mallory.test") { id } }`,
          { id },
          'FORBIDDEN',
        ]),
        ...each(x.documentIds, (id) => [
          'removeDocument',
          `mutation($id: ID!) { removeDocument(id: $id) }`,
          { id },
          'FORBIDDEN',
        ]),

        // Contacts' operations on what they cannot see: NOT_FOUND, whatever id of X is sent.
        ...each(ids, (id) => [
          'createTask',
          CREATE_TASK,
          { input: { projectId: id, title: 'Planted' } },
          'NOT_FOUND',
        ]),
        [
          'createTask',
          CREATE_TASK,
          { input: { projectId: website, title: 'For John', assigneeContactId: johnId } },
          'NOT_FOUND',
        ],
        ...each(ids, (id) => [
          'updateTask',
          UPDATE_TASK,
          { id, input: { title: 'Taken over' } },
          'NOT_FOUND',
        ]),
        [
          'updateTask',
          UPDATE_TASK,
          { id: johnsTask, input: { assigneeContactId: as().contactId } },
          'NOT_FOUND',
        ],
        ...each(ids, (id) => ['setTaskStatus', SET_TASK_STATUS, { id, status: 'DONE' }, 'NOT_FOUND']),
        ...each(ids, (id) => [
          'commentOnTask',
          COMMENT,
          { taskId: id, body: 'Mallory was here' },
          'NOT_FOUND',
        ]),
        ...each(ids, (id) => [
          'postMessage',
          `mutation($p: ID!, $b: String!) { postMessage(projectId: $p, body: $b) { id } }`,
          { p: id, b: 'Mallory was here' },
          'NOT_FOUND',
        ]),
        // X's contact as the assignee of their own task: not a contact of their client.
        [
          'createTask',
          CREATE_TASK,
          { input: { projectId: as().projectId, title: 'For John', assigneeContactId: johnId } },
          'BAD_USER_INPUT',
        ],
        [
          'updateTask',
          UPDATE_TASK,
          { id: as().taskId, input: { assigneeContactId: johnId } },
          'BAD_USER_INPUT',
        ],

        // Anyone's: an id of X is no sign-in token.
        ...each([...ids, 'garbage'], (token) => [
          'signInWithLoginLink',
          `mutation($token: String!) { signInWithLoginLink(token: $token) { contact { id email } client { id name } } }`,
          { token },
          'UNAUTHENTICATED',
        ]),

        // The contract's operations not built yet: a validation error today, a refusal once they exist.
        ...each(x.invoiceIds, (id) => [
          'payInvoice',
          `mutation($id: ID!) { payInvoice(id: $id) { url expiresAt } }`,
          { id },
          'NOT_BUILT',
        ]),
        // Files: an upload to X's projects is NOT_FOUND; branding is the members'; X's tickets are not theirs.
        ...each(x.projectIds, (projectId) => [
          'requestUpload',
          `mutation($input: RequestUploadInput!) { requestUpload(input: $input) { uploadId url fields { name value } } }`,
          {
            input: {
              purpose: 'PROJECT_DOCUMENT',
              projectId,
              fileName: 'a.pdf',
              contentType: 'application/pdf',
              size: 1000,
            },
          },
          'NOT_FOUND',
        ]),
        ...(['LOGO', 'BACKGROUND_IMAGE'] as const).map((purpose): Attack => [
          'requestUpload',
          `mutation($input: RequestUploadInput!) { requestUpload(input: $input) { uploadId url } }`,
          { input: { purpose, fileName: 'logo.png', contentType: 'image/png', size: 1000 } },
          'FORBIDDEN',
        ]),
        ...each(ids, (id) => [
          'completeDocumentUpload',
          `mutation($id: ID!) { completeDocumentUpload(uploadId: $id) { id name url } }`,
          { id },
          'NOT_FOUND',
        ]),
        ...each(ids, (id) => [
          'completeBrandingUpload',
          `mutation($id: ID!) { completeBrandingUpload(uploadId: $id) { id branding { logoUrl } } }`,
          { id },
          'FORBIDDEN',
        ]),
      ];

      const outcomes: unknown[] = [];
      for (const [name, query, variables, expected] of attacks) {
        const result = await gql(query, variables);
        const { code, data } = refusal(result);
        if (expected === 'NOT_BUILT') {
          // Any error will do (a validation error while the field is absent), but never data.
          outcomes.push({ name, variables, refused: (result.errors?.length ?? 0) > 0, data });
        } else {
          outcomes.push({ name, variables, code, data });
        }
      }
      expect(outcomes).toEqual(
        attacks.map(([name, , variables, expected]) =>
          expected === 'NOT_BUILT'
            ? { name, variables, refused: true, data: null }
            : { name, variables, code: expected, data: null },
        ),
      );

      expect(await logSize()).toBe(logBefore);
      expect(await streamVersions(protectedStreams())).toEqual(versionsBefore);
    });

    it('is still themselves: a contact, and nothing more', async () => {
      const { viewer } = ok(
        await gql(`{ viewer { __typename ... on ContactViewer { contact { id } client { id } } } }`),
      );
      expect(viewer).toEqual({
        __typename: 'ContactViewer',
        contact: { id: as().contactId },
        client: { id: as().clientId },
      });
    });
  });

  it("afterwards a member reads X exactly as before, X's streams did not move, and no outsider acted on them", async () => {
    // The sweeps above ran between the snapshot (end of beforeAll) and this read.
    const now = await xAsMember();
    expect(now.client).toMatchObject({ id: x.clientId, name: 'Smith & Co', archived: false });
    expect(now.client.contacts.map((c: { email: string }) => c.email)).toEqual([
      'john@smith.test',
      'jane@smith.test',
    ]);
    expect(now.projects.map((p) => [p.name, p.status])).toEqual([
      ['Website', 'ACTIVE'],
      ['Website logo', 'COMPLETED'],
    ]);
    expect(now.projects[0].documents.map((d: { id: string }) => d.id)).toEqual([x.documentIds[0]]);
    expect(
      now.projects[0].invoices.map((i: { status: string; amountPaid: number }) => [i.status, i.amountPaid]),
    ).toEqual([
      ['SENT', 0],
      ['PARTIALLY_PAID', 5_000],
      ['DRAFT', 0],
    ]);
    expect(
      now.projects[0].tasks.map((t: { title: string; status: string; comments: unknown[] }) => [
        t.title,
        t.status,
        t.comments.length,
      ]),
    ).toEqual([
      ['Homepage copy', 'TODO', 1],
      ['Pick fonts', 'TODO', 1],
    ]);
    expect(JSON.stringify(now)).not.toMatch(/Mallory|Planted|Taken over|Phish|Mine/);
    expect(snapshot).toEqual(now);
    expect(await streamVersions(protectedStreams())).toEqual(versionsAtStart);
    const { rows: tickets } = await api.db.owner.query(
      'SELECT completed_at FROM upload_tickets WHERE id = ANY($1) ORDER BY id',
      [x.uploadIds],
    );
    expect(tickets).toEqual([{ completed_at: null }, { completed_at: null }]);

    const actorIds = Object.values(outsiders).map((o) => o.contactId);
    const { rows: touched } = await api.db.owner.query(
      `SELECT stream_id, type FROM es_events WHERE stream_id = ANY($1) AND metadata->'actor'->>'id' = ANY($2)`,
      [xStreams, actorIds],
    );
    expect(touched).toEqual([]);
  });

  it("requestLoginLink for X's contact answers true and nothing else; it signs no one in", async () => {
    const lastPosition = async () =>
      (await api.db.owner.query('SELECT max(global_position)::text AS p FROM es_events')).rows[0].p as string;
    const before = await lastPosition();
    // Each to their own portal, and Zoe to A's too (4 requests: within the 5 links per email).
    const requests: [Outsider, string][] = [
      [outsiders.yan, wsA.slug],
      [outsiders.ownerAsContact, wsA.slug],
      [outsiders.zoe, wsB.slug],
      [outsiders.zoe, wsA.slug],
    ];
    for (const [outsider, slug] of requests) {
      const result = await api.gql(
        'mutation($s: String!, $e: String!) { requestLoginLink(slug: $s, email: $e) }',
        { s: slug, e: 'jane@smith.test' },
        outsider.cookie,
      );
      expect(result).toEqual({ data: { requestLoginLink: true } });
    }
    // Only the system's link requests joined the log, on Jane's sign-in stream (one per request to A's portal).
    const { rows } = await api.db.owner.query(
      `SELECT stream_id, metadata->'actor'->>'kind' AS actor FROM es_events WHERE global_position > $1::bigint
       ORDER BY global_position`,
      [before],
    );
    expect(rows).toEqual(Array(3).fill({ stream_id: `signin-${x.contactIds[1]}`, actor: 'SYSTEM' }));
    // The link went to Jane's outbox only; no session was opened for her.
    const { rows: sessions } = await api.db.owner.query(
      'SELECT count(*)::int AS n FROM contact_sessions WHERE contact_id = $1',
      [x.contactIds[1]],
    );
    expect(sessions[0].n).toBe(0);
  });

  it("signOut ends only the outsider's own session: X's contact stays signed in", async () => {
    for (const o of Object.values(outsiders)) {
      expect(ok(await api.gql('mutation { signOut }', {}, o.cookie))).toEqual({ signOut: true });
      expect(ok(await api.gql('{ viewer { __typename } }', {}, o.cookie))).toEqual({ viewer: null });
      const after = await api.gql(
        'query($id: ID!) { project(id: $id) { id } }',
        { id: x.projectIds[0] },
        o.cookie,
      );
      expect({ code: errorCode(after), data: dataOf(after) }).toEqual({
        code: 'UNAUTHENTICATED',
        data: null,
      });
    }
    const { viewer } = ok(await api.gql('{ viewer { ... on ContactViewer { contact { id } } } }', {}, john));
    expect(viewer).toEqual({ contact: { id: x.contactIds[0] } });
  });
});
