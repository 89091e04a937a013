import { eventLogProbe } from '../../test/event-log.probe';
import {
  createTestWorkspace,
  errorCode,
  ok,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';

const TASK_FIELDS = `id title description status dueDate assignee { kind id name } createdBy { kind id name }
  createdAt completedAt comments { id body author { kind id name } createdAt }`;
const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { id contacts { id name } } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const REMOVE_CONTACT = `mutation($id: ID!) { removeContact(contactId: $id) { id } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { ${TASK_FIELDS} } }`;
const UPDATE_TASK = `mutation($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { ${TASK_FIELDS} } }`;
const SET_STATUS = `mutation($id: ID!, $status: TaskStatus!) { setTaskStatus(id: $id, status: $status) { ${TASK_FIELDS} } }`;
const COMMENT = `mutation($taskId: ID!, $body: String!) { commentOnTask(taskId: $taskId, body: $body) {
  id body author { kind id name } createdAt } }`;
const PROJECT_TASKS = `query($id: ID!) { project(id: $id) { tasks { ${TASK_FIELDS} } } }`;
const TIMELINE = `query($id: ID!) { project(id: $id) { timeline(first: 50) {
  edges { node { type summary actor { kind id name } } } } } }`;

const DUE = '2026-03-01T09:00:00.000Z';
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

describe('tasks', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let owner: { kind: string; id: string; name: string };
  let clientId: string;
  let projectId: string;
  let john: { id: string; name: string };
  let jane: { id: string; name: string };
  let otherClientContactId: string;
  let removedContactId: string;

  const gql = (query: string, variables: Record<string, unknown> = {}) => api.gql(query, variables, ws.token);
  const { sql, appendsNothing, streamEvents } = eventLogProbe(
    () => api,
    () => ws.token,
  );
  const events = (taskId: string) => streamEvents(`task-${taskId}`);
  const lastEvent = async (taskId: string) => (await events(taskId)).at(-1);
  const eventTypes = async (taskId: string) => (await events(taskId)).map((e) => e.type);

  /** The newest timeline entry of the project. */
  const latestEntry = async (id = projectId) =>
    ok(await gql(TIMELINE, { id })).project.timeline.edges[0].node;
  const timelineRows = async (taskId: string) =>
    sql(
      'SELECT type, summary, audience, task_id, project_id FROM timeline_entries WHERE task_id = $1 ORDER BY position',
      [taskId],
    );

  const refusal = (result: GraphQLResult) => {
    expect(result.data ?? null).toBeNull();
    return result.errors?.[0]?.extensions;
  };
  const badInput = (field: string) => ({ code: 'BAD_USER_INPUT', field });
  const notFound = (field: string) => ({ code: 'NOT_FOUND', field });

  const createTask = async (input: Record<string, unknown>) =>
    ok(await gql(CREATE_TASK, { input: { projectId, ...input } })).createTask;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createTestWorkspace(api);
    owner = { kind: 'MEMBER', id: ws.ownerId, name: 'Ava Owner' };
    const client = ok(
      await gql(CREATE_CLIENT, {
        input: {
          name: 'Smith & Co',
          contacts: [
            { name: 'John Smith', email: 'john@smith.test' },
            { name: 'Jane Smith', email: 'jane@smith.test' },
            { name: 'Gone Smith', email: 'gone@smith.test' },
          ],
        },
      }),
    ).createClient;
    clientId = client.id;
    [john, jane] = client.contacts;
    removedContactId = client.contacts[2].id;
    ok(await gql(REMOVE_CONTACT, { id: removedContactId }));
    projectId = ok(await gql(CREATE_PROJECT, { input: { clientId, name: 'Website' } })).createProject.id;
    const other = ok(
      await gql(CREATE_CLIENT, {
        input: { name: 'Jones Ltd', contacts: [{ name: 'Olly Jones', email: 'olly@jones.test' }] },
      }),
    ).createClient;
    otherClientContactId = other.contacts[0].id;
  });
  afterAll(() => api.stop());

  describe('createTask', () => {
    it('TaskCreated, the read model, Project.tasks and a timeline entry', async () => {
      const task = await createTask({ title: '  Homepage copy  ' });
      expect(task).toEqual({
        id: expect.any(String),
        title: 'Homepage copy',
        description: null,
        status: 'TODO',
        dueDate: null,
        assignee: null,
        createdBy: owner,
        createdAt: ISO,
        completedAt: null,
        comments: [],
      });
      expect(await events(task.id)).toEqual([
        {
          type: 'TaskCreated',
          data: {
            workspaceId: ws.workspaceId,
            clientId,
            projectId,
            taskId: task.id,
            title: 'Homepage copy',
            description: null,
            dueDate: null,
            assigneeContactId: null,
            assigneeName: null,
            sharedWithClient: true,
            createdAt: ISO,
          },
          actor: owner,
        },
      ]);
      expect(
        await sql(
          `SELECT workspace_id, client_id, project_id, title, description, status, due_date, assignee_contact_id,
             created_by, completed_at FROM tasks WHERE id = $1`,
          [task.id],
        ),
      ).toEqual([
        {
          workspace_id: ws.workspaceId,
          client_id: clientId,
          project_id: projectId,
          title: 'Homepage copy',
          description: null,
          status: 'TODO',
          due_date: null,
          assignee_contact_id: null,
          created_by: owner,
          completed_at: null,
        },
      ]);
      expect(ok(await gql(PROJECT_TASKS, { id: projectId })).project.tasks).toContainEqual(task);
      expect(await latestEntry()).toEqual({
        type: 'TaskCreated',
        summary: "Ava Owner created the task 'Homepage copy'",
        actor: owner,
      });
      expect(await timelineRows(task.id)).toEqual([
        {
          type: 'TaskCreated',
          summary: "Ava Owner created the task 'Homepage copy'",
          audience: 'TASK',
          task_id: task.id,
          project_id: projectId,
        },
      ]);
    });

    it('with a description, a due date and an assignee named in the event and the summary', async () => {
      const task = await createTask({
        title: 'Brand colours',
        description: ' Pick three ',
        dueDate: DUE,
        assigneeContactId: john.id,
      });
      expect(task).toMatchObject({
        title: 'Brand colours',
        description: 'Pick three',
        dueDate: DUE,
        assignee: { kind: 'CONTACT', id: john.id, name: 'John Smith' },
      });
      expect((await lastEvent(task.id))?.data).toMatchObject({
        description: 'Pick three',
        dueDate: DUE,
        assigneeContactId: john.id,
        assigneeName: 'John Smith',
      });
      expect(
        await sql('SELECT description, due_date, assignee_contact_id FROM tasks WHERE id = $1', [task.id]),
      ).toEqual([{ description: 'Pick three', due_date: new Date(DUE), assignee_contact_id: john.id }]);
      expect(await latestEntry()).toMatchObject({
        type: 'TaskCreated',
        summary: "Ava Owner assigned 'Brand colours' to John Smith",
      });
    });

    it('Project.tasks lists a project’s tasks oldest first', async () => {
      const { id } = ok(await gql(CREATE_PROJECT, { input: { clientId, name: 'Ordered' } })).createProject;
      const ids: string[] = [];
      for (const title of ['First', 'Second', 'Third'])
        ids.push(ok(await gql(CREATE_TASK, { input: { projectId: id, title } })).createTask.id);
      expect(ok(await gql(PROJECT_TASKS, { id })).project.tasks.map((t: any) => t.id)).toEqual(ids);
    });

    it('refuses by field, appending nothing', async () => {
      await appendsNothing(async () => {
        for (const title of ['', '   ', 'x'.repeat(201)])
          expect(refusal(await gql(CREATE_TASK, { input: { projectId, title } }))).toEqual(
            badInput('input.title'),
          );
        expect(
          refusal(
            await gql(CREATE_TASK, { input: { projectId, title: 'A', description: 'x'.repeat(10_001) } }),
          ),
        ).toEqual(badInput('input.description'));
        for (const assigneeContactId of [otherClientContactId, removedContactId, 'not-a-uuid', projectId])
          expect(
            refusal(await gql(CREATE_TASK, { input: { projectId, title: 'A', assigneeContactId } })),
          ).toEqual(badInput('input.assigneeContactId'));
        for (const unknown of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', clientId])
          expect(refusal(await gql(CREATE_TASK, { input: { projectId: unknown, title: 'A' } }))).toEqual(
            notFound('input.projectId'),
          );
        expect(errorCode(await gql(CREATE_TASK, { input: { projectId, title: 'A', dueDate: 'soon' } }))).toBe(
          'BAD_USER_INPUT',
        );
      });
      // 200 characters and 10,000 characters are still fine.
      const long = await createTask({ title: 'y'.repeat(200), description: 'z'.repeat(10_000) });
      expect(long.title).toHaveLength(200);
      expect(long.description).toHaveLength(10_000);
    });
  });

  describe('updateTask', () => {
    it('TaskUpdated with the full new fields; fields left out stay', async () => {
      const task = await createTask({ title: 'Contact page', description: 'Form', dueDate: DUE });
      const updated = ok(
        await gql(UPDATE_TASK, { id: task.id, input: { title: ' Contact form ' } }),
      ).updateTask;
      expect(updated).toEqual({ ...task, title: 'Contact form' });
      expect(await lastEvent(task.id)).toEqual({
        type: 'TaskUpdated',
        data: {
          workspaceId: ws.workspaceId,
          clientId,
          projectId,
          taskId: task.id,
          title: 'Contact form',
          description: 'Form',
          dueDate: DUE,
          assigneeContactId: null,
          assigneeName: null,
          sharedWithClient: true,
          previousAssigneeContactId: null,
          previousSharedWithClient: true,
        },
        actor: owner,
      });
      expect(await sql('SELECT title, description, due_date FROM tasks WHERE id = $1', [task.id])).toEqual([
        { title: 'Contact form', description: 'Form', due_date: new Date(DUE) },
      ]);
      expect(await latestEntry()).toEqual({
        type: 'TaskUpdated',
        summary: "Ava Owner updated 'Contact form'",
        actor: owner,
      });
      expect((await timelineRows(task.id)).at(-1)).toMatchObject({ audience: 'TASK', task_id: task.id });
    });

    it('assigning names the assignee; null clears description, due date and assignee', async () => {
      const task = await createTask({ title: 'About page', description: 'Team', dueDate: DUE });
      const assigned = ok(
        await gql(UPDATE_TASK, { id: task.id, input: { assigneeContactId: jane.id } }),
      ).updateTask;
      expect(assigned.assignee).toEqual({ kind: 'CONTACT', id: jane.id, name: 'Jane Smith' });
      expect((await lastEvent(task.id))?.data).toMatchObject({
        assigneeContactId: jane.id,
        assigneeName: 'Jane Smith',
        previousAssigneeContactId: null,
      });
      expect((await latestEntry()).summary).toBe("Ava Owner assigned 'About page' to Jane Smith");

      const reassigned = ok(
        await gql(UPDATE_TASK, { id: task.id, input: { assigneeContactId: john.id } }),
      ).updateTask;
      expect(reassigned.assignee).toEqual({ kind: 'CONTACT', id: john.id, name: 'John Smith' });
      expect((await latestEntry()).summary).toBe("Ava Owner assigned 'About page' to John Smith");

      const cleared = ok(
        await gql(UPDATE_TASK, {
          id: task.id,
          input: { description: null, dueDate: null, assigneeContactId: null },
        }),
      ).updateTask;
      expect(cleared).toMatchObject({
        title: 'About page',
        description: null,
        dueDate: null,
        assignee: null,
      });
      expect((await lastEvent(task.id))?.data).toMatchObject({
        description: null,
        dueDate: null,
        assigneeContactId: null,
        assigneeName: null,
        previousAssigneeContactId: john.id,
      });
      expect(
        await sql('SELECT description, due_date, assignee_contact_id FROM tasks WHERE id = $1', [task.id]),
      ).toEqual([{ description: null, due_date: null, assignee_contact_id: null }]);
      expect((await latestEntry()).summary).toBe("Ava Owner unassigned 'About page'");
    });

    it('a contact removed after the assignment stays the assignee, and other fields can still change', async () => {
      const client = ok(
        await gql(CREATE_CLIENT, {
          input: { name: 'Leaving Ltd', contacts: [{ name: 'Lee Leaving', email: 'lee@leaving.test' }] },
        }),
      ).createClient;
      const leavingProject = ok(await gql(CREATE_PROJECT, { input: { clientId: client.id, name: 'Site' } }))
        .createProject.id;
      const lee = client.contacts[0];
      const task = ok(
        await gql(CREATE_TASK, {
          input: { projectId: leavingProject, title: 'Handover', assigneeContactId: lee.id },
        }),
      ).createTask;
      ok(await gql(REMOVE_CONTACT, { id: lee.id }));
      const renamed = ok(
        await gql(UPDATE_TASK, { id: task.id, input: { title: 'Handover notes' } }),
      ).updateTask;
      expect(renamed.assignee).toEqual({ kind: 'CONTACT', id: lee.id, name: 'Lee Leaving' });
      expect(refusal(await gql(UPDATE_TASK, { id: task.id, input: { assigneeContactId: lee.id } }))).toEqual(
        badInput('input.assigneeContactId'),
      );
    });

    it('no field changed appends nothing', async () => {
      const task = await createTask({ title: 'Footer', assigneeContactId: john.id, dueDate: DUE });
      await appendsNothing(async () => {
        ok(await gql(UPDATE_TASK, { id: task.id, input: {} }));
        ok(
          await gql(UPDATE_TASK, {
            id: task.id,
            input: { title: ' Footer ', dueDate: DUE, assigneeContactId: john.id, description: '' },
          }),
        );
      });
      expect(await eventTypes(task.id)).toEqual(['TaskCreated']);
    });

    it('refuses by field, and an unknown task as NOT_FOUND, appending nothing', async () => {
      const task = await createTask({ title: 'Header' });
      await appendsNothing(async () => {
        for (const title of [null, '', 'x'.repeat(201)])
          expect(refusal(await gql(UPDATE_TASK, { id: task.id, input: { title } }))).toEqual(
            badInput('input.title'),
          );
        expect(
          refusal(await gql(UPDATE_TASK, { id: task.id, input: { description: 'x'.repeat(10_001) } })),
        ).toEqual(badInput('input.description'));
        for (const assigneeContactId of [otherClientContactId, removedContactId, 'nope'])
          expect(refusal(await gql(UPDATE_TASK, { id: task.id, input: { assigneeContactId } }))).toEqual(
            badInput('input.assigneeContactId'),
          );
        for (const id of ['00000000-0000-4000-8000-000000000000', 'nope', projectId])
          expect(refusal(await gql(UPDATE_TASK, { id, input: { title: 'A' } }))).toEqual(notFound('id'));
      });
    });
  });

  describe('setTaskStatus', () => {
    it('in progress, done (completedAt), reopened (completedAt cleared); the same status appends nothing', async () => {
      const task = await createTask({ title: 'Homepage copy' });

      const started = ok(await gql(SET_STATUS, { id: task.id, status: 'IN_PROGRESS' })).setTaskStatus;
      expect(started).toMatchObject({ status: 'IN_PROGRESS', completedAt: null });
      expect(await lastEvent(task.id)).toEqual({
        type: 'TaskStatusChanged',
        data: {
          workspaceId: ws.workspaceId,
          clientId,
          projectId,
          taskId: task.id,
          title: 'Homepage copy',
          status: 'IN_PROGRESS',
          previousStatus: 'TODO',
          completedAt: null,
        },
        actor: owner,
      });
      expect((await latestEntry()).summary).toBe("Ava Owner moved 'Homepage copy' to in progress");

      const done = ok(await gql(SET_STATUS, { id: task.id, status: 'DONE' })).setTaskStatus;
      expect(done).toMatchObject({ status: 'DONE', completedAt: ISO });
      const doneEvent = await lastEvent(task.id);
      expect(doneEvent?.data).toMatchObject({
        status: 'DONE',
        previousStatus: 'IN_PROGRESS',
        completedAt: ISO,
      });
      expect(done.completedAt).toBe(doneEvent?.data.completedAt);
      expect(await sql('SELECT status, completed_at FROM tasks WHERE id = $1', [task.id])).toEqual([
        { status: 'DONE', completed_at: new Date(doneEvent?.data.completedAt) },
      ]);
      expect(await latestEntry()).toEqual({
        type: 'TaskStatusChanged',
        summary: "Ava Owner completed 'Homepage copy'",
        actor: owner,
      });

      await appendsNothing(async () =>
        expect(ok(await gql(SET_STATUS, { id: task.id, status: 'DONE' })).setTaskStatus.status).toBe('DONE'),
      );

      const reopened = ok(await gql(SET_STATUS, { id: task.id, status: 'TODO' })).setTaskStatus;
      expect(reopened).toMatchObject({ status: 'TODO', completedAt: null });
      expect((await lastEvent(task.id))?.data).toMatchObject({
        status: 'TODO',
        previousStatus: 'DONE',
        completedAt: null,
      });
      expect(await sql('SELECT status, completed_at FROM tasks WHERE id = $1', [task.id])).toEqual([
        { status: 'TODO', completed_at: null },
      ]);
      expect((await latestEntry()).summary).toBe("Ava Owner reopened 'Homepage copy'");
      expect(await eventTypes(task.id)).toEqual([
        'TaskCreated',
        'TaskStatusChanged',
        'TaskStatusChanged',
        'TaskStatusChanged',
      ]);
    });

    it('the other moves read as moves', async () => {
      const task = await createTask({ title: 'Sitemap' });
      const summaryAfter = async (status: string) => {
        ok(await gql(SET_STATUS, { id: task.id, status }));
        return (await latestEntry()).summary;
      };
      expect(await summaryAfter('IN_PROGRESS')).toBe("Ava Owner moved 'Sitemap' to in progress");
      expect(await summaryAfter('TODO')).toBe("Ava Owner moved 'Sitemap' back to to do");
      expect(await summaryAfter('DONE')).toBe("Ava Owner completed 'Sitemap'");
      expect(await summaryAfter('IN_PROGRESS')).toBe("Ava Owner moved 'Sitemap' to in progress");
      expect((await lastEvent(task.id))?.data).toMatchObject({ previousStatus: 'DONE', completedAt: null });
    });

    it('an unknown task is NOT_FOUND, appending nothing', async () => {
      await appendsNothing(async () => {
        for (const id of ['00000000-0000-4000-8000-000000000000', 'nope', projectId])
          expect(refusal(await gql(SET_STATUS, { id, status: 'DONE' }))).toEqual(notFound('id'));
      });
    });
  });

  describe('commentOnTask', () => {
    it('TaskCommented, the comment row, Task.comments oldest first, and a timeline entry', async () => {
      const task = await createTask({ title: 'Homepage copy' });
      const first = ok(
        await gql(COMMENT, { taskId: task.id, body: '  First draft attached  ' }),
      ).commentOnTask;
      expect(first).toEqual({
        id: expect.any(String),
        body: 'First draft attached',
        author: owner,
        createdAt: ISO,
      });
      expect(await lastEvent(task.id)).toEqual({
        type: 'TaskCommented',
        data: {
          workspaceId: ws.workspaceId,
          clientId,
          projectId,
          taskId: task.id,
          title: 'Homepage copy',
          commentId: first.id,
          body: 'First draft attached',
        },
        actor: owner,
      });
      expect(await sql('SELECT task_id, body, author FROM task_comments WHERE id = $1', [first.id])).toEqual([
        { task_id: task.id, body: 'First draft attached', author: owner },
      ]);
      expect(await latestEntry()).toEqual({
        type: 'TaskCommented',
        summary: "Ava Owner commented on 'Homepage copy'",
        actor: owner,
      });
      const second = ok(await gql(COMMENT, { taskId: task.id, body: 'Second' })).commentOnTask;
      const listed = ok(await gql(PROJECT_TASKS, { id: projectId })).project.tasks.find(
        (t: any) => t.id === task.id,
      );
      expect(listed.comments).toEqual([first, second]);
    });

    it('refuses an empty or too-long body by field body, and an unknown task as NOT_FOUND', async () => {
      const task = await createTask({ title: 'Quiet' });
      await appendsNothing(async () => {
        for (const body of ['', '   ', 'x'.repeat(10_001)])
          expect(refusal(await gql(COMMENT, { taskId: task.id, body }))).toEqual(badInput('body'));
        for (const taskId of ['00000000-0000-4000-8000-000000000000', 'nope', projectId])
          expect(refusal(await gql(COMMENT, { taskId, body: 'Hi' }))).toEqual(notFound('taskId'));
      });
      expect(
        ok(await gql(COMMENT, { taskId: task.id, body: 'x'.repeat(10_000) })).commentOnTask.body,
      ).toHaveLength(10_000);
    });
  });

  it('Project.tasks and Task.comments cost the same statements for 2 tasks as for 20', async () => {
    const { id } = ok(await gql(CREATE_PROJECT, { input: { clientId, name: 'Batched' } })).createProject;
    const addTask = async (n: number) => {
      const task = ok(
        await gql(CREATE_TASK, { input: { projectId: id, title: `Task ${n}`, assigneeContactId: john.id } }),
      ).createTask;
      ok(await gql(COMMENT, { taskId: task.id, body: `Comment on ${n}` }));
    };
    const QUERY = `{ projects { id tasks { id assignee { name } comments { body author { name } } } } }`;
    const measure = async () => {
      const spy = jest.spyOn(api.context.pool, 'query');
      try {
        const data = ok(await gql(QUERY));
        return {
          data,
          statements: spy.mock.calls.map((call) =>
            (typeof call[0] === 'string' ? call[0] : (call[0] as { text: string }).text).replace(/\s+/g, ' '),
          ),
        };
      } finally {
        spy.mockRestore();
      }
    };
    for (let n = 1; n <= 2; n++) await addTask(n);
    const two = await measure();
    for (let n = 3; n <= 20; n++) await addTask(n);
    const twenty = await measure();
    const batched = twenty.data.projects.find((p: any) => p.id === id);
    expect(batched.tasks).toHaveLength(20);
    expect(batched.tasks[19]).toEqual({
      id: expect.any(String),
      assignee: { name: 'John Smith' },
      comments: [{ body: 'Comment on 20', author: { name: 'Ava Owner' } }],
    });
    expect([...twenty.statements].sort()).toEqual([...two.statements].sort());
  });
});
