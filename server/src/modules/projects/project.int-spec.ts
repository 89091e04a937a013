import {
  createTestWorkspace,
  errorCode,
  ok,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';

const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { id } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id name status client { name } } }`;
const TIMELINE = `query($id: ID!, $first: Int, $after: String) { project(id: $id) { timeline(first: $first, after: $after) {
  edges { cursor node { id type summary occurredAt actor { kind id name } } } pageInfo { hasNextPage endCursor } } } }`;

describe('projects', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let clientId: string;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createTestWorkspace(api);
    clientId = ok(await api.gql(CREATE_CLIENT, { input: { name: 'Smith & Co', contacts: [] } }, ws.token))
      .createClient.id;
  });
  afterAll(() => api.stop());

  const events = async (streamId: string) =>
    ok(
      await api.gql(
        `query($s: String) { events(streamId: $s) { nodes { type data actor { kind name } } } }`,
        { s: streamId },
        ws.token,
      ),
    ).events.nodes;

  it('createProject: ProjectCreated, the read model, and a timeline entry', async () => {
    const { createProject } = ok(
      await api.gql(CREATE_PROJECT, { input: { clientId, name: '  Website  ' } }, ws.token),
    );
    expect(createProject).toMatchObject({
      name: 'Website',
      status: 'ACTIVE',
      client: { name: 'Smith & Co' },
    });
    const [created] = await events(`project-${createProject.id}`);
    expect(created.type).toBe('ProjectCreated');
    expect(JSON.parse(created.data)).toMatchObject({
      projectId: createProject.id,
      clientId,
      name: 'Website',
    });
    expect(created.actor).toEqual({ kind: 'MEMBER', name: 'Ava Owner' });
    const { rows } = await api.db.owner.query('SELECT name, status, client_id FROM projects WHERE id = $1', [
      createProject.id,
    ]);
    expect(rows).toEqual([{ name: 'Website', status: 'ACTIVE', client_id: clientId }]);
    const timeline = ok(await api.gql(TIMELINE, { id: createProject.id }, ws.token)).project.timeline;
    expect(timeline.edges.map((e: any) => e.node.summary)).toEqual([
      "Ava Owner created the project 'Website'",
      "Ava Owner added the client 'Smith & Co'",
    ]);
  });

  it('renameProject and setProjectStatus: events, read model and summaries a person reads', async () => {
    const { id } = ok(
      await api.gql(CREATE_PROJECT, { input: { clientId, name: 'Site' } }, ws.token),
    ).createProject;
    ok(
      await api.gql(
        `mutation($id: ID!) { renameProject(id: $id, name: "Website relaunch") { name } }`,
        { id },
        ws.token,
      ),
    );
    ok(
      await api.gql(
        `mutation($id: ID!) { setProjectStatus(id: $id, status: COMPLETED) { status } }`,
        { id },
        ws.token,
      ),
    );
    // The same status again is no change and no event.
    ok(
      await api.gql(
        `mutation($id: ID!) { setProjectStatus(id: $id, status: COMPLETED) { status } }`,
        { id },
        ws.token,
      ),
    );
    expect((await events(`project-${id}`)).map((e: any) => e.type)).toEqual([
      'ProjectCreated',
      'ProjectRenamed',
      'ProjectStatusChanged',
    ]);
    const summaries = ok(await api.gql(TIMELINE, { id, first: 2 }, ws.token)).project.timeline.edges.map(
      (e: any) => e.node.summary,
    );
    expect(summaries).toEqual([
      'Ava Owner marked the project as completed',
      "Ava Owner renamed the project to 'Website relaunch'",
    ]);
    expect(ok(await api.gql(`{ projects(status: COMPLETED) { id } }`, {}, ws.token)).projects).toEqual([
      { id },
    ]);
  });

  it('refuses bad input by field, and unknown ids as NOT_FOUND, appending nothing', async () => {
    const before = (await api.db.owner.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n;
    const empty = await api.gql(CREATE_PROJECT, { input: { clientId, name: '   ' } }, ws.token);
    expect(empty.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.name' });
    const long = await api.gql(CREATE_PROJECT, { input: { clientId, name: 'x'.repeat(201) } }, ws.token);
    expect(long.errors?.[0].extensions?.field).toBe('input.name');
    expect(
      errorCode(await api.gql(CREATE_PROJECT, { input: { clientId: 'not-a-uuid', name: 'A' } }, ws.token)),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(
        await api.gql(
          `mutation { renameProject(id: "00000000-0000-4000-8000-000000000000", name: "A") { id } }`,
          {},
          ws.token,
        ),
      ),
    ).toBe('NOT_FOUND');
    expect((await api.db.owner.query('SELECT count(*)::int AS n FROM es_events')).rows[0].n).toBe(before);
  });

  it('a project cannot be created for an archived client', async () => {
    const { id } = ok(
      await api.gql(CREATE_CLIENT, { input: { name: 'Gone Ltd', contacts: [] } }, ws.token),
    ).createClient;
    ok(await api.gql(`mutation($id: ID!) { archiveClient(id: $id) { archived } }`, { id }, ws.token));
    const refused = await api.gql(CREATE_PROJECT, { input: { clientId: id, name: 'A' } }, ws.token);
    expect(refused.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.clientId' });
  });

  it('the timeline pages newest first by keyset cursors, capped at 100', async () => {
    const { id } = ok(
      await api.gql(CREATE_PROJECT, { input: { clientId, name: 'Paged' } }, ws.token),
    ).createProject;
    for (let i = 1; i <= 12; i++)
      ok(
        await api.gql(
          `mutation($id: ID!, $n: String!) { renameProject(id: $id, name: $n) { id } }`,
          { id, n: `Paged ${i}` },
          ws.token,
        ),
      );
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = ok(await api.gql(TIMELINE, { id, first: 5, after }, ws.token)).project.timeline;
      seen.push(...page.edges.map((e: any) => e.node.summary));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    // 12 renames, the creation, then the client's own entries (created, then archived "Gone Ltd" is another client).
    expect(seen.slice(0, 2)).toEqual([
      "Ava Owner renamed the project to 'Paged 12'",
      "Ava Owner renamed the project to 'Paged 11'",
    ]);
    expect(seen[12]).toBe("Ava Owner created the project 'Paged'");
    expect(seen[seen.length - 1]).toBe("Ava Owner added the client 'Smith & Co'");
    expect(new Set(seen).size).toBe(seen.length);
    const tooMany = await api.gql(TIMELINE, { id, first: 101 }, ws.token);
    expect(tooMany.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(errorCode(await api.gql(TIMELINE, { id, after: 'garbage' }, ws.token))).toBe('BAD_USER_INPUT');
  });

  it('20 parallel renames: each succeeds or answers CONFLICT, and the version counts the successes', async () => {
    const { id } = ok(
      await api.gql(CREATE_PROJECT, { input: { clientId, name: 'Raced' } }, ws.token),
    ).createProject;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.gql(
          `mutation($id: ID!, $n: String!) { renameProject(id: $id, name: $n) { name } }`,
          { id, n: `Raced ${i}` },
          ws.token,
        ),
      ),
    );
    const succeeded = results.filter((r) => !r.errors);
    for (const failed of results.filter((r) => r.errors)) expect(errorCode(failed)).toBe('CONFLICT');
    const version = Number(
      (await api.db.owner.query('SELECT version FROM es_streams WHERE stream_id = $1', [`project-${id}`]))
        .rows[0].version,
    );
    expect(version).toBe(1 + succeeded.length);
    const renamed = (await events(`project-${id}`)).filter((e: any) => e.type === 'ProjectRenamed');
    expect(renamed).toHaveLength(succeeded.length);
  });
});
