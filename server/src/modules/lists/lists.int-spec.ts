import {
  createTestWorkspace,
  errorCode,
  ok,
  signInAsContact,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';

const CLIENTS = `query($first: Int, $after: String, $search: String, $archived: Boolean) {
  clientsPage(first: $first, after: $after, search: $search, includeArchived: $archived) {
    edges { cursor node { id name archived } } pageInfo { hasNextPage endCursor } } }`;
const PROJECTS = `query($first: Int, $after: String, $clientId: ID, $status: ProjectStatus, $search: String) {
  projectsPage(first: $first, after: $after, clientId: $clientId, status: $status, search: $search) {
    edges { node { id name } } pageInfo { hasNextPage endCursor } } }`;
const INVOICES = `query($first: Int, $after: String, $status: InvoiceStatus, $overdue: Boolean, $dueBefore: DateTime) {
  invoicesPage(first: $first, after: $after, status: $status, overdue: $overdue, dueBefore: $dueBefore) {
    edges { node { id number status overdue } } pageInfo { hasNextPage endCursor } } }`;
const ACTIVITY = `query($first: Int, $after: String, $projectId: ID, $clientId: ID, $byContacts: Boolean) {
  activity(first: $first, after: $after, projectId: $projectId, clientId: $clientId, byContacts: $byContacts) {
    edges { node { type summary visibleToClient clientName projectName actor { kind name } } }
    pageInfo { hasNextPage endCursor } } }`;

/** Every page of a connection, by its cursor: the nodes in order, and how many pages it took. */
async function allPages(
  read: (
    after: string | null,
  ) => Promise<{ edges: { node: any }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>,
) {
  const nodes: any[] = [];
  let after: string | null = null;
  for (let pages = 1; ; pages++) {
    const page = await read(after);
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return { nodes, pages };
    after = page.pageInfo.endCursor;
  }
}

describe("the console's lists, by cursor", () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  const now = new Date('2026-09-01T12:00:00.000Z');
  const as = (query: string, variables: Record<string, unknown> = {}, token = ws.token) =>
    api.gql(query, variables, token).then(ok);
  const clientIds: string[] = [];
  let projectId: string;

  beforeAll(async () => {
    api = await startTestApi({}, () => now);
    ws = await createTestWorkspace(api);
    other = await createTestWorkspace(api, 'Otto Other');
    // 23 clients (names out of order, one archived), a contact who can be searched for.
    for (let i = 0; i < 23; i++) {
      const name = `Client ${String((i * 7) % 23).padStart(2, '0')}`;
      const contacts = i === 5 ? [{ name: 'Zelda Findme', email: 'zelda@needle.test' }] : [];
      const { createClient } = await as(
        `mutation($n: String!, $c: [ContactInput!]!) { createClient(input: { name: $n, contacts: $c }) { id } }`,
        { n: name, c: contacts },
      );
      clientIds.push(createClient.id);
    }
    await as(`mutation($id: ID!) { archiveClient(id: $id) { id } }`, { id: clientIds[3] });
    await as(
      `mutation { createClient(input: { name: "Client of another", contacts: [] }) { id } }`,
      {},
      other.token,
    );
    projectId = (
      await as(`mutation($c: ID!) { createProject(input: { clientId: $c, name: "Site" }) { id } }`, {
        c: clientIds[5],
      })
    ).createProject.id;
    for (let i = 0; i < 7; i++)
      await as(`mutation($c: ID!, $n: String!) { createProject(input: { clientId: $c, name: $n }) { id } }`, {
        c: clientIds[i % 2],
        n: `Project ${i}`,
      });
  });
  afterAll(() => api.stop());

  it('clientsPage: every live client once, by name, in pages of `first`; archived ones only when asked', async () => {
    const live = await allPages(async (after) => (await as(CLIENTS, { first: 5, after })).clientsPage);
    expect(live.pages).toBe(5);
    expect(live.nodes).toHaveLength(22);
    const names = live.nodes.map((node) => node.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(live.nodes.map((node) => node.id)).size).toBe(22);
    expect(names).not.toContain('Client of another');
    const all = await allPages(
      async (after) => (await as(CLIENTS, { first: 10, after, archived: true })).clientsPage,
    );
    expect(all.nodes).toHaveLength(23);
    expect(all.nodes.filter((node) => node.archived)).toHaveLength(1);
  });

  it("clientsPage searches names and contacts' names and emails, wildcards taken literally", async () => {
    const byContact = (await as(CLIENTS, { search: 'NEEDLE' })).clientsPage.edges.map((e: any) => e.node.id);
    expect(byContact).toEqual([clientIds[5]]);
    expect((await as(CLIENTS, { search: 'zelda' })).clientsPage.edges).toHaveLength(1);
    expect((await as(CLIENTS, { search: 'Client 1' })).clientsPage.edges.length).toBe(10);
    expect((await as(CLIENTS, { search: '%' })).clientsPage.edges).toEqual([]);
  });

  it('projectsPage: newest first, by client, by search; another workspace sees none of them', async () => {
    const all = await allPages(async (after) => (await as(PROJECTS, { first: 3, after })).projectsPage);
    expect(all.nodes.map((node) => node.name)).toEqual([
      'Project 6',
      'Project 5',
      'Project 4',
      'Project 3',
      'Project 2',
      'Project 1',
      'Project 0',
      'Site',
    ]);
    expect((await as(PROJECTS, { clientId: clientIds[1] })).projectsPage.edges).toHaveLength(3);
    expect((await as(PROJECTS, { search: 'sit' })).projectsPage.edges.map((e: any) => e.node.id)).toEqual([
      projectId,
    ]);
    expect((await as(PROJECTS, {}, other.token)).projectsPage.edges).toEqual([]);
    expect((await as(PROJECTS, { clientId: clientIds[1] }, other.token)).projectsPage.edges).toEqual([]);
  });

  it('invoicesPage: by status, overdue by the clock, due before a date', async () => {
    const make = async (due: string | null) => {
      const { createInvoice } = await as(
        `mutation($p: ID!, $d: DateTime) { createInvoice(input: { projectId: $p, currency: "USD", dueDate: $d,
           lineItems: [{ description: "Work", quantity: 1, unitAmount: 1000 }] }) { id } }`,
        { p: projectId, d: due },
      );
      return createInvoice.id as string;
    };
    const draft = await make(null);
    const late = await make('2026-08-20T00:00:00.000Z');
    const soon = await make('2026-09-05T00:00:00.000Z');
    for (const id of [late, soon]) await as(`mutation($id: ID!) { sendInvoice(id: $id) { id } }`, { id });
    const ids = async (variables: Record<string, unknown>) =>
      (await as(INVOICES, variables)).invoicesPage.edges.map((e: any) => e.node.id);
    expect(await ids({})).toEqual([soon, late, draft]);
    expect(await ids({ status: 'DRAFT' })).toEqual([draft]);
    expect(await ids({ overdue: true })).toEqual([late]);
    expect(await ids({ dueBefore: '2026-09-08T00:00:00.000Z' })).toEqual([soon, late]);
    const paged = await allPages(async (after) => (await as(INVOICES, { first: 1, after })).invoicesPage);
    expect(paged.nodes.map((node) => node.id)).toEqual([soon, late, draft]);
    expect((await as(INVOICES, {}, other.token)).invoicesPage.edges).toEqual([]);
  });

  it('activity: newest first, every audience saying what the client sees, by project, client or contacts', async () => {
    const feed = (await as(ACTIVITY, { first: 50 })).activity.edges.map((e: any) => e.node);
    expect(feed[0].type).toBe('InvoiceSent');
    const added = feed.find((node: any) => node.type === 'ClientCreated');
    expect(added).toMatchObject({ visibleToClient: false, projectName: null });
    const created = feed.find((node: any) => node.type === 'ProjectCreated' && node.projectName === 'Site');
    expect(created).toMatchObject({ visibleToClient: true, clientName: 'Client 12' });
    const drafted = feed.find((node: any) => node.type === 'InvoiceCreated');
    expect(drafted.visibleToClient).toBe(false);
    const ofProject = (await as(ACTIVITY, { projectId })).activity.edges.map((e: any) => e.node.projectName);
    expect(new Set(ofProject)).toEqual(new Set(['Site']));
    // A contact's doing, and only that, with byContacts.
    await as(
      `mutation { updateTaskSettings(input: { visibility: ALL, clientsCanCreate: true, clientsCanEdit: false, clientsCanComment: false }) { id } }`,
    );
    const zelda = await signInAsContact(api, ws.slug, 'zelda@needle.test');
    ok(
      await api.gql(
        `mutation($p: ID!) { createTask(input: { projectId: $p, title: "From Zelda" }) { id } }`,
        { p: projectId },
        zelda,
      ),
    );
    const byContacts = (await as(ACTIVITY, { byContacts: true })).activity.edges.map((e: any) => e.node);
    expect(byContacts.map((node: any) => node.actor.kind)).toEqual(['CONTACT', 'CONTACT']);
    expect(byContacts.map((node: any) => node.type)).toEqual(['TaskCreated', 'ContactSignedIn']);
    expect(byContacts[0].visibleToClient).toBe(true);
    expect(
      (await as(ACTIVITY, {}, other.token)).activity.edges.every(
        (e: any) => e.node.clientName === 'Client of another',
      ),
    ).toBe(true);
  });

  it('refuses a bad page size or cursor, naming the argument; contacts are refused the lists', async () => {
    for (const [variables, field] of [
      [{ first: 0 }, 'first'],
      [{ first: 101 }, 'first'],
      [{ after: 'not-a-cursor' }, 'after'],
    ] as const) {
      const result = await api.gql(CLIENTS, variables, ws.token);
      expect(result.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    }
    const zelda = await signInAsContact(api, ws.slug, 'zelda@needle.test');
    for (const query of [CLIENTS, PROJECTS, INVOICES, ACTIVITY])
      expect(errorCode(await api.gql(query, {}, zelda))).toBe('FORBIDDEN');
  });
});
