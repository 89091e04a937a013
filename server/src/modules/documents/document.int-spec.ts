import { eventLogProbe } from '../../test/event-log.probe';
import {
  createTestWorkspace,
  ok,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';

const DOCUMENT_FIELDS = `id kind name url contentType size sharedBy { kind id name } sharedAt`;
const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { id } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const SHARE_LINK = `mutation($projectId: ID!, $title: String!, $url: String!) {
  shareLink(projectId: $projectId, title: $title, url: $url) { ${DOCUMENT_FIELDS} } }`;
const REMOVE_DOCUMENT = `mutation($id: ID!) { removeDocument(id: $id) }`;
const PROJECT_DOCUMENTS = `query($id: ID!) { project(id: $id) { documents { ${DOCUMENT_FIELDS} } } }`;
const TIMELINE = `query($id: ID!) { project(id: $id) { timeline(first: 50) {
  edges { node { type summary actor { kind id name } } } } } }`;

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

describe('shared links', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let owner: { kind: string; id: string; name: string };
  let clientId: string;
  let projectId: string;

  const gql = (query: string, variables: Record<string, unknown> = {}) => api.gql(query, variables, ws.token);
  const { sql, appendsNothing, streamEvents } = eventLogProbe(
    () => api,
    () => ws.token,
  );
  const events = (documentId: string) => streamEvents(`document-${documentId}`);

  const latestEntry = async () => ok(await gql(TIMELINE, { id: projectId })).project.timeline.edges[0].node;
  const documents = async (id = projectId) => ok(await gql(PROJECT_DOCUMENTS, { id })).project.documents;
  const share = async (title: string, url: string, id = projectId) =>
    ok(await gql(SHARE_LINK, { projectId: id, title, url })).shareLink;

  const refusal = (result: GraphQLResult) => {
    expect(result.data ?? null).toBeNull();
    return result.errors?.[0]?.extensions;
  };

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createTestWorkspace(api);
    owner = { kind: 'MEMBER', id: ws.ownerId, name: 'Ava Owner' };
    clientId = ok(await gql(CREATE_CLIENT, { input: { name: 'Smith & Co', contacts: [] } })).createClient.id;
    projectId = ok(await gql(CREATE_PROJECT, { input: { clientId, name: 'Website' } })).createProject.id;
  });
  afterAll(() => api.stop());

  describe('shareLink', () => {
    it('LinkShared, the read model, Project.documents and a timeline entry for contacts', async () => {
      const link = await share('  Brand guidelines ', ' https://example.test/brand?v=2 ');
      expect(link).toEqual({
        id: expect.any(String),
        kind: 'LINK',
        name: 'Brand guidelines',
        url: 'https://example.test/brand?v=2',
        contentType: null,
        size: null,
        sharedBy: owner,
        sharedAt: ISO,
      });
      expect(await events(link.id)).toEqual([
        {
          type: 'LinkShared',
          data: {
            workspaceId: ws.workspaceId,
            clientId,
            projectId,
            documentId: link.id,
            title: 'Brand guidelines',
            url: 'https://example.test/brand?v=2',
            sharedAt: ISO,
          },
          actor: owner,
        },
      ]);
      expect(
        await sql(
          `SELECT workspace_id, client_id, project_id, kind, name, url, content_type, size, storage_key, shared_by, removed
           FROM documents WHERE id = $1`,
          [link.id],
        ),
      ).toEqual([
        {
          workspace_id: ws.workspaceId,
          client_id: clientId,
          project_id: projectId,
          kind: 'LINK',
          name: 'Brand guidelines',
          url: 'https://example.test/brand?v=2',
          content_type: null,
          size: null,
          storage_key: null,
          shared_by: owner,
          removed: false,
        },
      ]);
      expect(await documents()).toContainEqual(link);
      expect(await latestEntry()).toEqual({
        type: 'LinkShared',
        summary: "Ava Owner shared the link 'Brand guidelines'",
        actor: owner,
      });
      expect(
        await sql(
          'SELECT audience, project_id FROM timeline_entries WHERE id = (SELECT event_id::text FROM es_events WHERE stream_id = $1)',
          [`document-${link.id}`],
        ),
      ).toEqual([{ audience: 'CONTACTS', project_id: projectId }]);
    });

    it('Project.documents lists the newest first', async () => {
      const { id } = ok(await gql(CREATE_PROJECT, { input: { clientId, name: 'Ordered' } })).createProject;
      const ids: string[] = [];
      for (const title of ['One', 'Two', 'Three'])
        ids.push((await share(title, 'http://example.test', id)).id);
      expect((await documents(id)).map((d: any) => d.id)).toEqual(ids.reverse());
    });

    it('refuses a bad title (title), a bad address (url) and a project not found (projectId), appending nothing', async () => {
      await appendsNothing(async () => {
        for (const title of ['', '   ', 'x'.repeat(201)])
          expect(refusal(await gql(SHARE_LINK, { projectId, title, url: 'https://example.test' }))).toEqual({
            code: 'BAD_USER_INPUT',
            field: 'title',
          });
        for (const url of [
          '',
          'not a url',
          'example.test',
          'javascript:alert(1)',
          'ftp://example.test/a',
          'file:///etc/passwd',
          `https://example.test/${'x'.repeat(2049 - 21)}`,
        ])
          expect(refusal(await gql(SHARE_LINK, { projectId, title: 'A', url }))).toEqual({
            code: 'BAD_USER_INPUT',
            field: 'url',
          });
        for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', clientId])
          expect(
            refusal(await gql(SHARE_LINK, { projectId: id, title: 'A', url: 'https://example.test' })),
          ).toEqual({
            code: 'NOT_FOUND',
            field: 'projectId',
          });
      });
      const longest = `https://example.test/${'x'.repeat(2048 - 21)}`;
      expect((await share('Longest', longest)).url).toBe(longest);
    });
  });

  describe('removeDocument', () => {
    it('DocumentRemoved: off the list, kept in the log and the table; a timeline entry for members', async () => {
      const link = await share('Old brief', 'https://example.test/old');
      expect(ok(await gql(REMOVE_DOCUMENT, { id: link.id })).removeDocument).toBe(true);
      const logged = await events(link.id);
      expect(logged.map((e: any) => e.type)).toEqual(['LinkShared', 'DocumentRemoved']);
      expect(logged[1]).toEqual({
        type: 'DocumentRemoved',
        data: {
          workspaceId: ws.workspaceId,
          clientId,
          projectId,
          documentId: link.id,
          name: 'Old brief',
          kind: 'LINK',
        },
        actor: owner,
      });
      expect(await sql('SELECT removed, name FROM documents WHERE id = $1', [link.id])).toEqual([
        { removed: true, name: 'Old brief' },
      ]);
      expect((await documents()).map((d: any) => d.id)).not.toContain(link.id);
      expect(await latestEntry()).toEqual({
        type: 'DocumentRemoved',
        summary: "Ava Owner removed 'Old brief'",
        actor: owner,
      });
      expect(
        await sql(`SELECT audience FROM timeline_entries WHERE type = 'DocumentRemoved' AND summary = $1`, [
          "Ava Owner removed 'Old brief'",
        ]),
      ).toEqual([{ audience: 'MEMBERS' }]);
    });

    it('unknown, malformed or already removed ids are NOT_FOUND, appending nothing', async () => {
      const link = await share('Twice', 'https://example.test/twice');
      ok(await gql(REMOVE_DOCUMENT, { id: link.id }));
      await appendsNothing(async () => {
        for (const id of [link.id, '00000000-0000-4000-8000-000000000000', 'nope', projectId])
          expect(refusal(await gql(REMOVE_DOCUMENT, { id }))).toEqual({ code: 'NOT_FOUND', field: 'id' });
      });
    });
  });

  it('Project.documents costs the same statements for 2 projects as for 12', async () => {
    const QUERY = `{ projects { id documents { id name } } }`;
    const measure = async () => {
      const spy = jest.spyOn(api.context.pool, 'query');
      try {
        const data = ok(await gql(QUERY));
        return { data, statements: spy.mock.calls.map((call) => String((call[0] as any).text ?? call[0])) };
      } finally {
        spy.mockRestore();
      }
    };
    const before = await measure();
    for (let i = 0; i < 10; i++) {
      const { id } = ok(await gql(CREATE_PROJECT, { input: { clientId, name: `P${i}` } })).createProject;
      await share(`Doc ${i}`, `https://example.test/${i}`, id);
    }
    const after = await measure();
    expect(after.data.projects.length).toBeGreaterThanOrEqual(before.data.projects.length + 10);
    expect([...after.statements].sort()).toEqual([...before.statements].sort());
  });
});
