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
 * Tasks and shared links across two workspaces on one API: whatever B's
 * owner sends with A's ids (projects, tasks, documents, contacts as
 * assignees), B reads nothing of A and changes nothing of A.
 */

const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { id contacts { id } } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const COMMENT = `mutation($taskId: ID!, $body: String!) { commentOnTask(taskId: $taskId, body: $body) { id } }`;
const SHARE_LINK = `mutation($projectId: ID!, $title: String!, $url: String!) {
  shareLink(projectId: $projectId, title: $title, url: $url) { id } }`;

/** Everything a member reads of a workspace's tasks and documents. */
const TASKS_AND_DOCUMENTS = `{ projects { id
  tasks { id title description status dueDate assignee { kind id name } sharedWithClient createdBy { id name } createdAt completedAt
    comments { id body author { id name } createdAt } }
  documents { id kind name url sharedBy { id name } sharedAt } } }`;

interface Ids {
  clientId: string;
  contactId: string;
  projectId: string;
  taskId: string;
  documentId: string;
}

describe('tenant isolation of tasks and shared links', () => {
  let api: TestApi;
  let wsA: TestWorkspace;
  let wsB: TestWorkspace;
  let a: Ids;
  let b: Ids;

  const gql = (token: string, query: string, variables: Record<string, unknown> = {}) =>
    api.gql(query, variables, token);

  async function seed(token: string, name: string, email: string): Promise<Ids> {
    const client = ok(
      await gql(token, CREATE_CLIENT, { input: { name: `${name} Co`, contacts: [{ name, email }] } }),
    ).createClient;
    const projectId = ok(
      await gql(token, CREATE_PROJECT, { input: { clientId: client.id, name: 'Website' } }),
    ).createProject.id;
    const taskId = ok(
      await gql(token, CREATE_TASK, {
        input: {
          projectId,
          title: 'Homepage copy',
          description: 'Three paragraphs',
          assigneeContactId: client.contacts[0].id,
        },
      }),
    ).createTask.id;
    ok(await gql(token, COMMENT, { taskId, body: 'First draft' }));
    const documentId = ok(
      await gql(token, SHARE_LINK, {
        projectId,
        title: 'Brand guidelines',
        url: 'https://example.test/brand',
      }),
    ).shareLink.id;
    return { clientId: client.id, contactId: client.contacts[0].id, projectId, taskId, documentId };
  }

  const streamsOf = (ids: Ids) => [
    `client-${ids.clientId}`,
    `project-${ids.projectId}`,
    `task-${ids.taskId}`,
    `document-${ids.documentId}`,
  ];

  const streamVersions = async (streamIds: string[]) => {
    const { rows } = await api.db.owner.query(
      'SELECT stream_id, version FROM es_streams WHERE stream_id = ANY($1) ORDER BY stream_id',
      [streamIds],
    );
    return Object.fromEntries(rows.map((row) => [row.stream_id, Number(row.version)]));
  };

  beforeAll(async () => {
    api = await startTestApi();
    wsA = await createTestWorkspace(api, 'Ava Owner');
    wsB = await createTestWorkspace(api, 'Bob Owner');
    a = await seed(wsA.token, 'John Smith', 'john@smith.test');
    b = await seed(wsB.token, 'Bea Bee', 'bea@bee.test');
  });
  afterAll(() => api.stop());

  it('project(id) { tasks documents } is null for B with any id of A; B lists only its own', async () => {
    for (const id of Object.values(a)) {
      const result = await gql(
        wsB.token,
        `query($id: ID!) { project(id: $id) { tasks { id } documents { id } } }`,
        {
          id,
        },
      );
      expect({ id, ...result }).toEqual({ id, data: { project: null } });
    }
    const own = ok(
      await gql(wsA.token, `query($id: ID!) { project(id: $id) { tasks { id } documents { id } } }`, {
        id: a.projectId,
      }),
    ).project;
    expect(own).toEqual({ tasks: [{ id: a.taskId }], documents: [{ id: a.documentId }] });

    const seenByB = ok(await gql(wsB.token, TASKS_AND_DOCUMENTS));
    expect(seenByB.projects.map((p: any) => p.id)).toEqual([b.projectId]);
    expect(seenByB.projects[0].tasks.map((t: any) => t.id)).toEqual([b.taskId]);
    expect(seenByB.projects[0].documents.map((d: any) => d.id)).toEqual([b.documentId]);
    const text = JSON.stringify(seenByB);
    for (const id of Object.values(a)) expect(text).not.toContain(id);
  });

  it('every new mutation as B with A’s ids is refused with data null, and changes nothing of A', async () => {
    const aBefore = ok(await gql(wsA.token, TASKS_AND_DOCUMENTS));
    const aVersions = await streamVersions(streamsOf(a));
    const bVersions = await streamVersions(streamsOf(b));
    const logBefore = Number((await api.db.owner.query('SELECT count(*) FROM es_events')).rows[0].count);

    type Attack = [name: string, query: string, variables: Record<string, unknown>, code: string];
    const attacks: Attack[] = [
      ...Object.values(a).flatMap((id): Attack[] => [
        ['createTask', CREATE_TASK, { input: { projectId: id, title: 'Planted' } }, 'NOT_FOUND'],
        [
          'updateTask',
          `mutation($id: ID!) { updateTask(id: $id, input: { title: "Taken over" }) { id } }`,
          { id },
          'NOT_FOUND',
        ],
        [
          'createTask',
          CREATE_TASK,
          { input: { projectId: id, title: 'Planted inside', sharedWithClient: false } },
          'NOT_FOUND',
        ],
        [
          'updateTask',
          `mutation($id: ID!) { updateTask(id: $id, input: { sharedWithClient: false }) { id } }`,
          { id },
          'NOT_FOUND',
        ],
        [
          'setTaskStatus',
          `mutation($id: ID!) { setTaskStatus(id: $id, status: DONE) { id } }`,
          { id },
          'NOT_FOUND',
        ],
        ['commentOnTask', COMMENT, { taskId: id, body: 'Mallory was here' }, 'NOT_FOUND'],
        [
          'postMessage',
          `mutation($p: ID!, $b: String!) { postMessage(projectId: $p, body: $b) { id } }`,
          { p: id, b: 'Mallory was here' },
          'NOT_FOUND',
        ],
        [
          'shareLink',
          SHARE_LINK,
          { projectId: id, title: 'Phish', url: 'https://mallory.test' },
          'NOT_FOUND',
        ],
        ['removeDocument', `mutation($id: ID!) { removeDocument(id: $id) }`, { id }, 'NOT_FOUND'],
      ]),
      // A's contact as the assignee of B's own task: not a contact of B's client.
      [
        'createTask',
        CREATE_TASK,
        { input: { projectId: b.projectId, title: 'Assigned away', assigneeContactId: a.contactId } },
        'BAD_USER_INPUT',
      ],
      [
        'updateTask',
        `mutation($id: ID!, $c: ID) { updateTask(id: $id, input: { assigneeContactId: $c }) { id } }`,
        { id: b.taskId, c: a.contactId },
        'BAD_USER_INPUT',
      ],
      // A's contact as the assignee of A's task, sent by B.
      [
        'updateTask',
        `mutation($id: ID!, $c: ID) { updateTask(id: $id, input: { assigneeContactId: $c }) { id } }`,
        { id: a.taskId, c: a.contactId },
        'NOT_FOUND',
      ],
    ];

    const outcomes = [];
    for (const [name, query, variables] of attacks) {
      const result: GraphQLResult = await gql(wsB.token, query, variables);
      outcomes.push({ name, variables, code: errorCode(result), data: result.data ?? null });
    }
    expect(outcomes).toEqual(
      attacks.map(([name, , variables, code]) => ({ name, variables, code, data: null })),
    );

    expect(ok(await gql(wsA.token, TASKS_AND_DOCUMENTS))).toEqual(aBefore);
    expect(await streamVersions(streamsOf(a))).toEqual(aVersions);
    expect(await streamVersions(streamsOf(b))).toEqual(bVersions);
    expect(Number((await api.db.owner.query('SELECT count(*) FROM es_events')).rows[0].count)).toBe(
      logBefore,
    );
    const { rows: touchedByB } = await api.db.owner.query(
      `SELECT stream_id, type FROM es_events WHERE stream_id = ANY($1) AND metadata->'actor'->>'id' = $2`,
      [streamsOf(a), wsB.ownerId],
    );
    expect(touchedByB).toEqual([]);
    // A's rows in the read models are A's, as A made them.
    expect(
      (
        await api.db.owner.query(
          `SELECT (SELECT count(*)::int FROM tasks WHERE workspace_id = $1) AS tasks,
                  (SELECT count(*)::int FROM task_comments WHERE workspace_id = $1) AS comments,
                  (SELECT count(*)::int FROM documents WHERE workspace_id = $1 AND NOT removed) AS documents`,
          [wsA.workspaceId],
        )
      ).rows[0],
    ).toEqual({ tasks: 1, comments: 1, documents: 1 });
  });
});
