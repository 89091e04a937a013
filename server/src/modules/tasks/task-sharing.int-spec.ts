import { inTransaction } from '../../db/pool';
import { InlineProjectionRunner } from '../../projections/inline-projection';
import { eventLogProbe } from '../../test/event-log.probe';
import {
  createTestWorkspace,
  errorCode,
  ok,
  signInAsContact,
  startTestApi,
  type Caller,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { inlineProjections } from '..';

/**
 * Task.sharedWithClient: a member keeps a task internal. An internal task is
 * the members' alone: contacts of its client, of another client and viewers of
 * another workspace never read it, its comments or its timeline entries, and
 * cannot change it. Flipping the flag shows or hides it at once.
 */

const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { id contacts { id name } } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const TASK_SETTINGS = `mutation($v: TaskVisibility!) { updateTaskSettings(input: { visibility: $v,
  clientsCanCreate: true, clientsCanEdit: true, clientsCanComment: true }) { id } }`;
const TASK_FIELDS = `id title sharedWithClient assignee { id } comments { body }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
const UPDATE_TASK = `mutation($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { ${TASK_FIELDS} } }`;
const SET_STATUS = `mutation($id: ID!, $status: TaskStatus!) { setTaskStatus(id: $id, status: $status) { id } }`;
const COMMENT = `mutation($taskId: ID!, $body: String!) { commentOnTask(taskId: $taskId, body: $body) { id } }`;
const PROJECT_TASKS = `query($id: ID!) { project(id: $id) { tasks { ${TASK_FIELDS} } } }`;
const TIMELINE = `query($id: ID!) { project(id: $id) { timeline(first: 100) { edges { node { type summary } } } } }`;

type Visibility = 'OFF' | 'ASSIGNED' | 'ALL';

describe('tasks shared with the client, or kept internal', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let john: { cookie: string };
  let yan: { cookie: string };
  let bea: { cookie: string };
  let johnId: string;
  let project: string;
  let yProject: string;
  let bProject: string;

  const { sql, appendsNothing, streamEvents } = eventLogProbe(
    () => api,
    () => ws.token,
  );
  const gql = (query: string, variables: Record<string, unknown> = {}, as: Caller = ws.token) =>
    api.gql(query, variables, as);
  const member = async (query: string, variables: Record<string, unknown> = {}) =>
    ok(await gql(query, variables));
  const setVisibility = (v: Visibility) => member(TASK_SETTINGS, { v });
  const createTask = async (input: Record<string, unknown>, projectId = project) =>
    (await member(CREATE_TASK, { input: { projectId, ...input } })).createTask;
  const tasksOf = async (as: Caller, projectId = project): Promise<{ id: string; title: string }[]> =>
    ok(await gql(PROJECT_TASKS, { id: projectId }, as)).project.tasks;
  const idsSeen = async (as: Caller, projectId = project) => (await tasksOf(as, projectId)).map((t) => t.id);
  const summaries = async (as: Caller, projectId = project): Promise<string[]> =>
    ok(await gql(TIMELINE, { id: projectId }, as)).project.timeline.edges.map(
      (e: { node: { summary: string } }) => e.node.summary,
    );
  /** The timeline entries of one task (by its title) a viewer reads. */
  const entriesOf = async (as: Caller, title: string) =>
    (await summaries(as)).filter((summary) => summary.includes(`'${title}'`));
  const refusal = (result: GraphQLResult) => ({
    data: result.data ?? null,
    code: errorCode(result),
    field: result.errors?.[0]?.extensions?.field,
  });

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createTestWorkspace(api, 'Ava Owner');
    other = await createTestWorkspace(api, 'Bob Owner');
    const x = (
      await member(CREATE_CLIENT, {
        input: { name: 'Smith & Co', contacts: [{ name: 'John Smith', email: 'john@smith.test' }] },
      })
    ).createClient;
    johnId = x.contacts[0].id;
    const y = (
      await member(CREATE_CLIENT, {
        input: { name: 'Jones Ltd', contacts: [{ name: 'Yan Jones', email: 'yan@jones.test' }] },
      })
    ).createClient;
    project = (await member(CREATE_PROJECT, { input: { clientId: x.id, name: 'Website' } })).createProject.id;
    yProject = (await member(CREATE_PROJECT, { input: { clientId: y.id, name: 'Brochure' } })).createProject
      .id;
    const b = ok(
      await gql(
        CREATE_CLIENT,
        { input: { name: 'Bee Co', contacts: [{ name: 'Bea Bee', email: 'bea@bee.test' }] } },
        other.token,
      ),
    ).createClient;
    bProject = ok(await gql(CREATE_PROJECT, { input: { clientId: b.id, name: 'Site' } }, other.token))
      .createProject.id;
    ok(await gql(TASK_SETTINGS, { v: 'ALL' }, other.token));
    await setVisibility('ALL');
    john = await signInAsContact(api, ws.slug, 'john@smith.test');
    yan = await signInAsContact(api, ws.slug, 'yan@jones.test');
    bea = await signInAsContact(api, other.slug, 'bea@bee.test');
  });
  afterAll(() => api.stop());

  it('a member’s task is shared unless they say sharedWithClient: false, whatever the visibility; the flag is in the event and the read model', async () => {
    const shared = await createTask({ title: 'Homepage copy' });
    const internal = await createTask({ title: 'Chase the deposit', sharedWithClient: false });
    await setVisibility('OFF');
    const underOff = await createTask({ title: 'Draft while off' });
    await setVisibility('ALL');
    expect([shared.sharedWithClient, internal.sharedWithClient, underOff.sharedWithClient]).toEqual([
      true,
      false,
      true,
    ]);
    for (const [task, flag] of [
      [shared, true],
      [internal, false],
      [underOff, true],
    ] as const) {
      const [created] = await streamEvents(`task-${task.id}`);
      expect(created).toMatchObject({ type: 'TaskCreated', data: { sharedWithClient: flag } });
      expect(await sql('SELECT shared_with_client FROM tasks WHERE id = $1', [task.id])).toEqual([
        { shared_with_client: flag },
      ]);
    }
    expect(
      await sql(`SELECT schema_version FROM es_events WHERE stream_id = $1`, [`task-${internal.id}`]),
    ).toEqual([{ schema_version: 2 }]);
  });

  it('his client’s contact never reads an internal task, its comments or its entries (ALL and ASSIGNED); members read every task', async () => {
    const shared = await createTask({ title: 'Pick fonts', assigneeContactId: johnId });
    const internal = await createTask({
      title: 'Margin review',
      assigneeContactId: johnId,
      sharedWithClient: false,
    });
    ok(await gql(COMMENT, { taskId: internal.id, body: 'Too cheap' }));
    ok(await gql(COMMENT, { taskId: shared.id, body: 'Serif?' }));
    for (const visibility of ['ALL', 'ASSIGNED'] as const) {
      await setVisibility(visibility);
      const seen = await tasksOf(john);
      expect(seen.map((t) => t.id)).toContain(shared.id);
      expect(seen.map((t) => t.id)).not.toContain(internal.id);
      expect(JSON.stringify(seen)).not.toContain('Too cheap');
      expect(await entriesOf(john, 'Pick fonts')).toEqual([
        "Ava Owner commented on 'Pick fonts'",
        "Ava Owner assigned 'Pick fonts' to John Smith",
      ]);
      expect(await entriesOf(john, 'Margin review')).toEqual([]);
    }
    await setVisibility('ALL');
    const byMember = await tasksOf(ws.token);
    expect(byMember.find((t) => t.id === internal.id)).toEqual({
      ...internal,
      comments: [{ body: 'Too cheap' }],
    });
    expect(await entriesOf(ws.token, 'Margin review')).toEqual([
      "Ava Owner commented on 'Margin review'",
      "Ava Owner assigned 'Margin review' to John Smith",
    ]);
  });

  it('flipping the flag shows or hides the task and all its entries at once, with no rebuild', async () => {
    const task = await createTask({ title: 'Stock photos', sharedWithClient: false });
    ok(await gql(COMMENT, { taskId: task.id, body: 'Budget 200' }));
    const entriesBefore = await sql('SELECT id, audience FROM timeline_entries WHERE task_id = $1', [
      task.id,
    ]);

    const shared = ok(await gql(UPDATE_TASK, { id: task.id, input: { sharedWithClient: true } })).updateTask;
    expect(shared.sharedWithClient).toBe(true);
    expect((await streamEvents(`task-${task.id}`)).at(-1)).toMatchObject({
      type: 'TaskUpdated',
      data: { sharedWithClient: true, previousSharedWithClient: false },
    });
    expect(await idsSeen(john)).toContain(task.id);
    expect(await entriesOf(john, 'Stock photos')).toEqual([
      "Ava Owner shared 'Stock photos' with the client",
      "Ava Owner commented on 'Stock photos'",
      "Ava Owner created the task 'Stock photos'",
    ]);

    ok(await gql(UPDATE_TASK, { id: task.id, input: { sharedWithClient: false } }));
    expect(await idsSeen(john)).not.toContain(task.id);
    expect(await entriesOf(john, 'Stock photos')).toEqual([]);
    expect((await entriesOf(ws.token, 'Stock photos'))[0]).toBe("Ava Owner made 'Stock photos' internal");
    // The entries were written once, and only read differently.
    const entriesAfter = await sql('SELECT id, audience FROM timeline_entries WHERE task_id = $1', [task.id]);
    expect(entriesAfter.slice(0, entriesBefore.length)).toEqual(entriesBefore);
    expect(entriesAfter.every((e: { audience: string }) => e.audience === 'TASK')).toBe(true);

    // The same flag again appends nothing.
    await appendsNothing(async () =>
      ok(await gql(UPDATE_TASK, { id: task.id, input: { sharedWithClient: false } })),
    );
  });

  it('his client’s contact cannot edit, move, comment on or assign himself an internal task: NOT_FOUND, nothing appended', async () => {
    const internal = await createTask({ title: 'Invoice schedule', sharedWithClient: false });
    await appendsNothing(async () => {
      const outcomes = [
        await gql(UPDATE_TASK, { id: internal.id, input: { title: 'Mine' } }, john),
        await gql(UPDATE_TASK, { id: internal.id, input: { assigneeContactId: johnId } }, john),
        await gql(SET_STATUS, { id: internal.id, status: 'DONE' }, john),
        await gql(COMMENT, { taskId: internal.id, body: 'Peek' }, john),
      ].map(refusal);
      expect(outcomes).toEqual([
        { data: null, code: 'NOT_FOUND', field: 'id' },
        { data: null, code: 'NOT_FOUND', field: 'id' },
        { data: null, code: 'NOT_FOUND', field: 'id' },
        { data: null, code: 'NOT_FOUND', field: 'taskId' },
      ]);
    });
  });

  it('only members set the flag: a contact naming it is FORBIDDEN by field; his create is shared', async () => {
    const shared = await createTask({ title: 'Sitemap' });
    await appendsNothing(async () => {
      for (const sharedWithClient of [false, true]) {
        expect(
          refusal(
            await gql(CREATE_TASK, { input: { projectId: project, title: 'X', sharedWithClient } }, john),
          ),
        ).toEqual({ data: null, code: 'FORBIDDEN', field: 'input.sharedWithClient' });
        expect(refusal(await gql(UPDATE_TASK, { id: shared.id, input: { sharedWithClient } }, john))).toEqual(
          {
            data: null,
            code: 'FORBIDDEN',
            field: 'input.sharedWithClient',
          },
        );
      }
      // A flag cannot be cleared.
      expect(refusal(await gql(UPDATE_TASK, { id: shared.id, input: { sharedWithClient: null } }))).toEqual({
        data: null,
        code: 'BAD_USER_INPUT',
        field: 'input.sharedWithClient',
      });
    });
    const johns = ok(
      await gql(CREATE_TASK, { input: { projectId: project, title: 'From John' } }, john),
    ).createTask;
    expect(johns.sharedWithClient).toBe(true);
    expect(await idsSeen(john)).toContain(johns.id);
  });

  it('a contact of another client and a viewer of another workspace read nothing of it and flip nothing', async () => {
    const internal = await createTask({ title: 'Rate card', sharedWithClient: false });
    const shared = await createTask({ title: 'Logo files' });
    // Yan's own project: a shared and an internal task; he reads only the shared one.
    const ySharedTask = await createTask({ title: 'Brochure copy' }, yProject);
    const yInternalTask = await createTask({ title: 'Brochure margin', sharedWithClient: false }, yProject);
    expect(await idsSeen(yan, yProject)).toEqual([ySharedTask.id]);
    expect(ok(await gql(PROJECT_TASKS, { id: yProject }, john)).project).toBeNull();
    expect(ok(await gql(PROJECT_TASKS, { id: project }, yan)).project).toBeNull();
    // Bea and Bob of the other workspace: their projects hold none of A's tasks.
    expect(await idsSeen(bea, bProject)).toEqual([]);
    expect(await idsSeen(other.token, bProject)).toEqual([]);

    await appendsNothing(async () => {
      const outcomes = [];
      for (const [who, as] of [
        ['Yan', yan],
        ['Bea', bea],
        ['Bob', other.token],
      ] as const)
        for (const task of [internal, shared, yInternalTask])
          for (const sharedWithClient of [true, false]) {
            const result = await gql(UPDATE_TASK, { id: task.id, input: { sharedWithClient } }, as);
            outcomes.push({ who, task: task.title, sharedWithClient, ...refusal(result) });
          }
      expect(outcomes.filter((o) => o.code !== 'NOT_FOUND' || o.data !== null || o.field !== 'id')).toEqual(
        [],
      );
      // Yan sees his client's shared task, but may not set its flag either.
      expect(
        refusal(await gql(UPDATE_TASK, { id: ySharedTask.id, input: { sharedWithClient: false } }, yan)),
      ).toEqual({ data: null, code: 'FORBIDDEN', field: 'input.sharedWithClient' });
      // Bob, a member of the other workspace, names A's project in a create: it is not his.
      expect(
        refusal(
          await gql(
            CREATE_TASK,
            { input: { projectId: project, title: 'P', sharedWithClient: false } },
            other.token,
          ),
        ),
      ).toEqual({ data: null, code: 'NOT_FOUND', field: 'input.projectId' });
    });
    expect(
      await sql('SELECT id, shared_with_client FROM tasks WHERE id = ANY($1) ORDER BY title', [
        [internal.id, shared.id],
      ]),
    ).toEqual([
      { id: shared.id, shared_with_client: true },
      { id: internal.id, shared_with_client: false },
    ]);
  });

  it('a task whose events landed before the flag (schema version 1) is read as shared, and its stored events stay as they landed', async () => {
    const taskId = '0b6a5f49-6a1c-4d7e-9a57-3c0f4a1f0d11';
    const scope = {
      workspaceId: ws.workspaceId,
      clientId: await clientOf(project),
      projectId: project,
      taskId,
    };
    const fields = {
      title: 'Old task',
      description: null,
      dueDate: null,
      assigneeContactId: null,
      assigneeName: null,
    };
    const runner = new InlineProjectionRunner(inlineProjections);
    await inTransaction(api.context.pool, async (db) => {
      const { events } = await api.context.store.append(
        `task-${taskId}`,
        0,
        [
          {
            type: 'TaskCreated',
            schemaVersion: 1,
            data: { ...scope, ...fields, createdAt: new Date().toISOString() },
          },
          {
            type: 'TaskUpdated',
            schemaVersion: 1,
            data: { ...scope, ...fields, title: 'Old task, renamed', previousAssigneeContactId: null },
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
      await runner.apply(events, db);
    });
    const logged = await streamEvents(`task-${taskId}`);
    expect(logged.map((e) => [e.type, e.data.sharedWithClient])).toEqual([
      ['TaskCreated', true],
      ['TaskUpdated', true],
    ]);
    expect(logged[1].data.previousSharedWithClient).toBe(true);
    expect(await sql('SELECT shared_with_client FROM tasks WHERE id = $1', [taskId])).toEqual([
      { shared_with_client: true },
    ]);
    expect(await idsSeen(john)).toContain(taskId);
    expect(
      await sql(
        `SELECT schema_version, data ? 'sharedWithClient' AS has_flag FROM es_events WHERE stream_id = $1 ORDER BY stream_position`,
        [`task-${taskId}`],
      ),
    ).toEqual([
      { schema_version: 1, has_flag: false },
      { schema_version: 1, has_flag: false },
    ]);
    // The decider folds the old events with the default: making it internal is a change.
    const made = ok(await gql(UPDATE_TASK, { id: taskId, input: { sharedWithClient: false } })).updateTask;
    expect(made).toMatchObject({ title: 'Old task, renamed', sharedWithClient: false });
    expect(await idsSeen(john)).not.toContain(taskId);
  });

  async function clientOf(projectId: string): Promise<string> {
    return (await sql('SELECT client_id FROM projects WHERE id = $1', [projectId]))[0].client_id;
  }
});
