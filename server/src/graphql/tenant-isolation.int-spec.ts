import { isDeepStrictEqual } from 'node:util';
import {
  createTestWorkspace,
  errorCode,
  ok,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../test/api.harness';

/**
 * Two workspaces on one API: whatever B's owner sends with A's ids, B reads
 * nothing of A and changes nothing of A.
 */

const CREATE_CLIENT = `mutation($input: CreateClientInput!) {
  createClient(input: $input) { id contacts { id email } } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const RENAME_PROJECT = `mutation($id: ID!, $name: String!) { renameProject(id: $id, name: $name) { id } }`;
const ARCHIVE_CLIENT = `mutation($id: ID!) { archiveClient(id: $id) { id } }`;
const CREATE_API_TOKEN = `mutation($name: String!) { createApiToken(name: $name) { token apiToken { id } } }`;
const REVOKE_API_TOKEN = `mutation($id: ID!) { revokeApiToken(id: $id) }`;

/** Everything a member of a workspace can read of it, for before/after comparisons. */
const WORKSPACE_DATA = `{
  clients(includeArchived: true) { id name archived contacts { id name email } projects { id } }
  projects { id name status client { id } }
}`;
const WORKSPACE_SETTINGS = `{ viewer { ... on MemberViewer {
  member { id name email }
  workspace { id name slug portalEnabled
    branding { companyName accentColor showYourBrand logoUrl backgroundImageUrl }
    taskSettings { visibility clientsCanCreate clientsCanEdit clientsCanComment } } } } }`;
const EVENTS = `query($streamId: String, $after: String) { events(streamId: $streamId, after: $after) {
  nodes { id streamId type } pageInfo { hasNextPage endCursor } } }`;

/** A's data, made through GraphQL by A's owner. */
interface WorkspaceAData {
  clientIds: string[];
  archivedClientId: string;
  contactIds: string[];
  projectIds: string[];
  extraToken: { id: string; token: string };
  streamIds: string[];
}

describe('tenant isolation', () => {
  let api: TestApi;
  let wsA: TestWorkspace;
  let wsB: TestWorkspace;
  let a: WorkspaceAData;
  let bClientId: string;
  let bProjectId: string;

  const gql = (token: string | undefined, query: string, variables: Record<string, unknown> = {}) =>
    api.gql(query, variables, token);

  const createClient = async (token: string, name: string, contacts: { name: string; email: string }[]) =>
    ok(await gql(token, CREATE_CLIENT, { input: { name, contacts } })).createClient as {
      id: string;
      contacts: { id: string; email: string }[];
    };

  const createProject = async (token: string, clientId: string, name: string): Promise<string> =>
    ok(await gql(token, CREATE_PROJECT, { input: { clientId, name } })).createProject.id;

  const workspaceData = async (token: string) => ok(await gql(token, WORKSPACE_DATA));
  const workspaceSettings = async (token: string) => ok(await gql(token, WORKSPACE_SETTINGS)).viewer;

  /** The events a member reads: one stream's, or (streamId undefined) the whole log paged to its end. */
  const readEvents = async (token: string, streamId?: string) => {
    const nodes: { id: string; streamId: string; type: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = ok(await gql(token, EVENTS, { streamId, after })).events;
      nodes.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) return nodes;
      after = page.pageInfo.endCursor;
    }
  };

  /** stream id → version, read straight from es_streams. */
  const streamVersions = async (streamIds: string[]) => {
    const { rows } = await api.db.owner.query(
      'SELECT stream_id, version FROM es_streams WHERE stream_id = ANY($1) ORDER BY stream_id',
      [streamIds],
    );
    return Object.fromEntries(rows.map((row) => [row.stream_id, Number(row.version)]));
  };

  /**
   * The log shows events only below the oldest transaction still running on
   * the whole PostgreSQL server, so under load from other databases a commit
   * can take a moment to appear. Waits until A's owner reads every event of
   * A's streams: from then on B's reads cover them too, and an empty answer
   * to B means "refused", not "not visible yet".
   */
  const waitUntilLogShows = async (token: string, streamIds: string[]) => {
    const versions = await streamVersions(streamIds);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const counts = Object.fromEntries(
        await Promise.all(streamIds.map(async (id) => [id, (await readEvents(token, id)).length])),
      );
      if (isDeepStrictEqual(counts, versions)) return;
      if (Date.now() > deadline) {
        expect(counts).toEqual(versions);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  /** Every id of A, whatever it names. */
  const allIdsOfA = () => [
    ...a.clientIds,
    ...a.contactIds,
    ...a.projectIds,
    a.extraToken.id,
    wsA.workspaceId,
  ];

  beforeAll(async () => {
    api = await startTestApi();
    wsA = await createTestWorkspace(api, 'Ava Owner');
    wsB = await createTestWorkspace(api, 'Bob Owner');

    const smith = await createClient(wsA.token, 'Smith & Co', [
      { name: 'Jane Smith', email: 'jane@smith.test' },
      { name: 'John Smith', email: 'john@smith.test' },
    ]);
    const jones = await createClient(wsA.token, 'Jones Ltd', []);
    const gone = await createClient(wsA.token, 'Gone Ltd', []);
    const projectIds = [
      await createProject(wsA.token, smith.id, 'Website'),
      await createProject(wsA.token, jones.id, 'Brochure'),
      await createProject(wsA.token, gone.id, 'Old logo'),
    ];
    ok(await gql(wsA.token, RENAME_PROJECT, { id: projectIds[0], name: 'Website relaunch' }));
    ok(await gql(wsA.token, ARCHIVE_CLIENT, { id: gone.id }));
    const created = ok(await gql(wsA.token, CREATE_API_TOKEN, { name: 'CI token' })).createApiToken;
    const clientIds = [smith.id, jones.id, gone.id];
    a = {
      clientIds,
      archivedClientId: gone.id,
      contactIds: smith.contacts.map((contact) => contact.id),
      projectIds,
      extraToken: { id: created.apiToken.id, token: created.token },
      streamIds: [
        ...clientIds.map((id) => `client-${id}`),
        ...projectIds.map((id) => `project-${id}`),
        `workspace-${wsA.workspaceId}`,
      ],
    };
    expect(a.contactIds).toHaveLength(2);

    // B has data of its own, so that its lists are not trivially empty.
    const bClient = await createClient(wsB.token, 'Bee Client', [{ name: 'Bea', email: 'bea@bee.test' }]);
    bClientId = bClient.id;
    bProjectId = await createProject(wsB.token, bClientId, 'Bee project');
  });
  afterAll(() => api.stop());

  describe('queries as B with A ids', () => {
    it('client(id) and project(id) answer null, without error, for every id of A', async () => {
      for (const id of allIdsOfA()) {
        const result = await gql(
          wsB.token,
          `query($id: ID!, $at: DateTime!) { client(id: $id) { id } project(id: $id) { id }
             projectAt(id: $id, at: $at) { id name invoices { id } tasks { id } documents { id } } }`,
          { id, at: new Date().toISOString() },
        );
        expect({ id, ...result }).toEqual({ id, data: { client: null, project: null, projectAt: null } });
      }
      // The same ids are A's own to read.
      for (const id of a.clientIds)
        expect(ok(await gql(wsA.token, `query($id: ID!) { client(id: $id) { id } }`, { id })).client).toEqual(
          {
            id,
          },
        );
      for (const id of a.projectIds)
        expect(
          ok(
            await gql(
              wsA.token,
              `query($id: ID!, $at: DateTime!) { project(id: $id) { id } projectAt(id: $id, at: $at) { id } }`,
              { id, at: new Date().toISOString() },
            ),
          ),
        ).toEqual({ project: { id }, projectAt: { id } });
    });

    it('clients(includeArchived: true) and projects list only B’s own', async () => {
      const data = await workspaceData(wsB.token);
      expect(data.clients.map((client: any) => client.id)).toEqual([bClientId]);
      expect(data.projects.map((project: any) => project.id)).toEqual([bProjectId]);
      const seen = JSON.stringify(data);
      for (const id of allIdsOfA()) expect(seen).not.toContain(id);
    });

    it('viewer is B’s own member and workspace', async () => {
      const viewer = await workspaceSettings(wsB.token);
      expect(viewer.member).toMatchObject({ id: wsB.ownerId, name: 'Bob Owner' });
      expect(viewer.workspace).toMatchObject({ id: wsB.workspaceId, slug: wsB.slug });
    });

    it('events(streamId) of each of A’s streams is empty for B; the whole log holds none of them', async () => {
      await waitUntilLogShows(wsA.token, a.streamIds);
      await waitUntilLogShows(wsB.token, [`workspace-${wsB.workspaceId}`, `client-${bClientId}`]);
      for (const streamId of a.streamIds) {
        expect((await readEvents(wsA.token, streamId)).length).toBeGreaterThan(0);
        expect({ streamId, nodes: await readEvents(wsB.token, streamId) }).toEqual({ streamId, nodes: [] });
      }
      const log = await readEvents(wsB.token);
      const streams = new Set(log.map((event) => event.streamId));
      expect([...streams].sort()).toEqual(
        [`workspace-${wsB.workspaceId}`, `client-${bClientId}`, `project-${bProjectId}`].sort(),
      );
      for (const streamId of a.streamIds) expect(streams.has(streamId)).toBe(false);
    });
  });

  it('every mutation as B with A’s ids answers NOT_FOUND with data null, and changes nothing of A', async () => {
    await waitUntilLogShows(wsA.token, a.streamIds);
    const dataBefore = await workspaceData(wsA.token);
    const versionsBefore = await streamVersions(a.streamIds);
    const bProjectsBefore = (await workspaceData(wsB.token)).projects;

    const attacks: [string, string, Record<string, unknown>][] = [
      ...a.clientIds.flatMap((id): [string, string, Record<string, unknown>][] => [
        ['renameClient', `mutation($id: ID!) { renameClient(id: $id, name: "Taken over") { id } }`, { id }],
        [
          'addContact',
          `mutation($id: ID!) { addContact(clientId: $id, input: { name: "Mallory", email: "mallory@b.test" }) { id } }`,
          { id },
        ],
        ['archiveClient', `mutation($id: ID!) { archiveClient(id: $id) { id } }`, { id }],
        ['unarchiveClient', `mutation($id: ID!) { unarchiveClient(id: $id) { id } }`, { id }],
        [
          'createProject',
          `mutation($id: ID!) { createProject(input: { clientId: $id, name: "Planted" }) { id } }`,
          { id },
        ],
      ]),
      ...a.contactIds.flatMap((id): [string, string, Record<string, unknown>][] => [
        [
          'changeContactEmail',
          `mutation($id: ID!) { changeContactEmail(contactId: $id, email: "mallory@b.test") { id } }`,
          { id },
        ],
        ['removeContact', `mutation($id: ID!) { removeContact(contactId: $id) { id } }`, { id }],
      ]),
      ...a.projectIds.flatMap((id): [string, string, Record<string, unknown>][] => [
        ['renameProject', `mutation($id: ID!) { renameProject(id: $id, name: "Taken over") { id } }`, { id }],
        [
          'setProjectStatus',
          `mutation($id: ID!) { setProjectStatus(id: $id, status: COMPLETED) { id } }`,
          { id },
        ],
        [
          'setProjectStatus',
          `mutation($id: ID!) { setProjectStatus(id: $id, status: ARCHIVED) { id } }`,
          { id },
        ],
      ]),
      ['revokeApiToken', REVOKE_API_TOKEN, { id: a.extraToken.id }],
    ];

    const outcomes: { mutation: string; id: unknown; code: string | undefined; data: unknown }[] = [];
    for (const [mutation, query, variables] of attacks) {
      const result: GraphQLResult = await gql(wsB.token, query, variables);
      outcomes.push({ mutation, id: variables.id, code: errorCode(result), data: result.data });
    }
    // One assertion over the whole table, so that a failure shows every refusal at once.
    expect(outcomes).toEqual(
      attacks.map(([mutation, , variables]) => ({
        mutation,
        id: variables.id,
        code: 'NOT_FOUND',
        data: null,
      })),
    );

    // A reads the same names, statuses and contacts; its streams did not move.
    expect(await workspaceData(wsA.token)).toEqual(dataBefore);
    expect(await streamVersions(a.streamIds)).toEqual(versionsBefore);
    const { rows: foreign } = await api.db.owner.query(
      `SELECT stream_id, type FROM es_events
       WHERE stream_id = ANY($1) AND (tenant_id IS DISTINCT FROM $2 OR metadata->'actor'->>'id' = $3)`,
      [a.streamIds, wsA.workspaceId, wsB.ownerId],
    );
    expect(foreign).toEqual([]);
    // Nor did B gain a project from A's client.
    expect((await workspaceData(wsB.token)).projects).toEqual(bProjectsBefore);
  });

  it('workspace settings mutations as B change B’s workspace only', async () => {
    const aBefore = await workspaceSettings(wsA.token);
    const aVersion = await streamVersions([`workspace-${wsA.workspaceId}`]);

    const b = (query: string, variables: Record<string, unknown> = {}) =>
      gql(wsB.token, query, variables).then(ok);
    await b(
      `mutation { updateBranding(input: { companyName: "Bee Studio", accentColor: "#FF0000", showYourBrand: true }) { id } }`,
    );
    await b(`mutation { setPortalEnabled(enabled: false) { id } }`);
    await b(
      `mutation { updateTaskSettings(input: { visibility: ALL, clientsCanCreate: true, clientsCanEdit: true, clientsCanComment: true }) { id } }`,
    );

    expect((await workspaceSettings(wsB.token)).workspace).toMatchObject({
      id: wsB.workspaceId,
      portalEnabled: false,
      branding: { companyName: 'Bee Studio', accentColor: '#ff0000', showYourBrand: true },
      taskSettings: {
        visibility: 'ALL',
        clientsCanCreate: true,
        clientsCanEdit: true,
        clientsCanComment: true,
      },
    });
    expect(await workspaceSettings(wsA.token)).toEqual(aBefore);
    expect(aBefore.workspace).toMatchObject({ portalEnabled: true, taskSettings: { visibility: 'OFF' } });
    expect(await streamVersions([`workspace-${wsA.workspaceId}`])).toEqual(aVersion);
  });

  describe('authentication', () => {
    const CLIENTS = `{ clients { id } }`;

    it('no Authorization header: clients is UNAUTHENTICATED and viewer is null', async () => {
      const clients = await gql(undefined, CLIENTS);
      expect(errorCode(clients)).toBe('UNAUTHENTICATED');
      expect(clients.data ?? null).toBeNull();
      expect(await gql(undefined, `{ viewer { __typename } }`)).toEqual({ data: { viewer: null } });
    });

    it('a garbage token is UNAUTHENTICATED', async () => {
      for (const token of ['garbage', `cpt_${'x'.repeat(43)}`, `${wsA.token}x`]) {
        const result = await gql(token, CLIENTS);
        expect(errorCode(result)).toBe('UNAUTHENTICATED');
        expect(result.data ?? null).toBeNull();
      }
    });

    it('B cannot revoke A’s token; A can, and the revoked token is refused on the very next request', async () => {
      const extra = a.extraToken;
      const byB = await gql(wsB.token, REVOKE_API_TOKEN, { id: extra.id });
      expect(errorCode(byB)).toBe('NOT_FOUND');
      expect(byB.data ?? null).toBeNull();
      expect(ok(await gql(extra.token, CLIENTS)).clients.map((c: any) => c.id)).toEqual(
        a.clientIds.filter((id) => id !== a.archivedClientId),
      );

      expect(ok(await gql(wsA.token, REVOKE_API_TOKEN, { id: extra.id }))).toEqual({ revokeApiToken: true });
      const refused = await gql(extra.token, CLIENTS);
      expect(errorCode(refused)).toBe('UNAUTHENTICATED');
      expect(refused.data ?? null).toBeNull();
      expect(await gql(extra.token, `{ viewer { __typename } }`)).toEqual({ data: { viewer: null } });
      expect(ok(await gql(wsA.token, CLIENTS)).clients).toHaveLength(2);
      // Revoking it again is NOT_FOUND: it is no longer a live token.
      expect(errorCode(await gql(wsA.token, REVOKE_API_TOKEN, { id: extra.id }))).toBe('NOT_FOUND');
    });
  });

  it('a live contact email of A may be a contact email in B: uniqueness is per workspace', async () => {
    const twin = await createClient(wsB.token, 'Smith twin', [
      { name: 'Jane in B', email: 'jane@smith.test' },
    ]);
    expect(twin.contacts.map((contact) => contact.email)).toEqual(['jane@smith.test']);
    const added = ok(
      await gql(
        wsB.token,
        `mutation($id: ID!) { addContact(clientId: $id, input: { name: "John in B", email: "JOHN@smith.test" }) { email } }`,
        { id: bClientId },
      ),
    ).addContact;
    expect(added).toEqual({ email: 'JOHN@smith.test' });
    // A's contacts are untouched, and within A the email is still taken.
    const smith = (await workspaceData(wsA.token)).clients.find((c: any) => c.id === a.clientIds[0]);
    expect(smith.contacts.map((c: any) => c.email)).toEqual(['jane@smith.test', 'john@smith.test']);
    const taken = await gql(wsA.token, CREATE_CLIENT, {
      input: { name: 'Copycat', contacts: [{ name: 'Jane again', email: 'jane@smith.test' }] },
    });
    expect(taken.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.contacts.0.email' });
  });
});
