import { Client as PgClient } from 'pg';
import { createTestWorkspace, ok, startTestApi, type TestApi, type TestWorkspace } from '../test/api.harness';

/**
 * The field resolvers of a list (a project's client, the client's contacts,
 * the project's timeline) go through the per-request loaders: the SQL a
 * request costs does not grow with the length of the list.
 */

const PROJECTS_WITH_FIELDS = `{ projects { id name client { id contacts { id email } }
  timeline(first: 20) { edges { node { id summary } } } } }`;

interface Measured {
  data: any;
  /** Calls of api.context.pool.query during the request. */
  poolQueries: string[];
  /** Every statement sent by any pg client in this process during the request (transactions included). */
  statements: string[];
}

describe('batched field resolvers', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  /** project id → what the answer must say of it. */
  const expected = new Map<string, { name: string; clientId: string; emails: string[] }>();
  const clients: { id: string; emails: string[] }[] = [];

  const gql = async (query: string, variables: Record<string, unknown> = {}) =>
    ok(await api.gql(query, variables, ws.token));

  const addClient = async () => {
    const n = clients.length + 1;
    const emails = [`first${n}@client${n}.test`, `second${n}@client${n}.test`];
    const { createClient } = await gql(
      `mutation($input: CreateClientInput!) { createClient(input: $input) { id } }`,
      {
        input: {
          name: `Client ${n}`,
          contacts: emails.map((email, i) => ({ name: `Contact ${n}.${i}`, email })),
        },
      },
    );
    clients.push({ id: createClient.id, emails });
  };

  /** Projects round-robin over the clients, until there are `count`. */
  const addProjectsUpTo = async (count: number) => {
    while (expected.size < count) {
      const client = clients[expected.size % clients.length];
      const name = `Project ${expected.size + 1}`;
      const { createProject } = await gql(
        `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`,
        { input: { clientId: client.id, name } },
      );
      expected.set(createProject.id, { name, clientId: client.id, emails: client.emails });
    }
  };

  /** Runs one GraphQL request and records the SQL it sent, and only that request's. */
  const measure = async (query: string): Promise<Measured> => {
    const poolQuery = jest.spyOn(api.context.pool, 'query');
    const clientQuery = jest.spyOn(PgClient.prototype, 'query');
    const connect = jest.spyOn(api.context.pool, 'connect');
    const textOf = (arg: unknown) =>
      (typeof arg === 'string' ? arg : (arg as { text: string }).text).replace(/\s+/g, ' ').slice(0, 90);
    try {
      poolQuery.mockClear();
      clientQuery.mockClear();
      connect.mockClear();
      const result = await api.gql(query, {}, ws.token);
      const measured = {
        data: ok(result),
        poolQueries: poolQuery.mock.calls.map((call) => textOf(call[0])),
        statements: clientQuery.mock.calls.map((call) => textOf(call[0])),
      };
      // pg's Pool.query checks a client out through connect() itself: one connect per pool.query and none
      // besides, so no resolver took a client of its own (a transaction) that pool.query would not see.
      expect(connect).toHaveBeenCalledTimes(measured.poolQueries.length);
      return measured;
    } finally {
      poolQuery.mockRestore();
      clientQuery.mockRestore();
      connect.mockRestore();
    }
  };

  const expectCorrectAnswer = (projects: any[]) => {
    expect(projects).toHaveLength(expected.size);
    for (const project of projects) {
      const want = expected.get(project.id)!;
      expect(want).toBeDefined();
      expect(project.name).toBe(want.name);
      expect(project.client.id).toBe(want.clientId);
      expect(project.client.contacts.map((contact: any) => contact.email)).toEqual(want.emails);
      expect(project.timeline.edges.map((edge: any) => edge.node.summary)).toContain(
        `Ava Owner created the project '${want.name}'`,
      );
    }
  };

  beforeAll(async () => {
    // Every answer computed: what is measured here is what runs them (kept answers have their own spec).
    api = await startTestApi({ GRAPHQL_ANSWER_CACHE: 'off' });
    ws = await createTestWorkspace(api, 'Ava Owner');
  });
  afterAll(() => api.stop());

  it('the statements for projects { client { contacts } timeline } do not grow from 5 to 50 projects', async () => {
    for (let i = 0; i < 3; i++) await addClient();
    await addProjectsUpTo(5);
    const five = await measure(PROJECTS_WITH_FIELDS);
    expectCorrectAnswer(five.data.projects);

    for (let i = 0; i < 14; i++) await addClient();
    await addProjectsUpTo(50);
    const fifty = await measure(PROJECTS_WITH_FIELDS);
    expectCorrectAnswer(fifty.data.projects);
    expect(new Set(fifty.data.projects.map((project: any) => project.client.id)).size).toBe(17);

    console.log(
      [
        `5 projects over 3 clients: ${five.poolQueries.length} pool.query calls, ${five.statements.length} statements`,
        ...five.statements.map((text) => `  ${text}`),
        `50 projects over 17 clients: ${fifty.poolQueries.length} pool.query calls, ${fifty.statements.length} statements`,
        ...fifty.statements.map((text) => `  ${text}`),
      ].join('\n'),
    );

    // Everything went through pool.query: no statement on a client of its own.
    expect(five.statements).toEqual(five.poolQueries);
    expect(fifty.statements).toEqual(fifty.poolQueries);
    // The same statements for 50 projects as for 5: the token, the projects, their clients, the clients'
    // contacts, and the timelines. (The token's lastUsedAt write, at most once a minute, is not among them:
    // the token was last written at this test's first request, well under a minute ago.)
    expect([...fifty.poolQueries].sort()).toEqual([...five.poolQueries].sort());
    expect(five.poolQueries.length).toBeLessThanOrEqual(5);
  });
});
