import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { getIntrospectionQuery } from 'graphql';
import {
  createTestWorkspace,
  ok,
  signInAsContact,
  startTestApi,
  type Caller,
  type TestApi,
  type TestWorkspace,
} from '../test/api.harness';
import type { CompiledExecutorStats } from './jit.executor';
import { createGraphQLHandler } from './graphql.server';

/**
 * The same requests, on the same data, through graphql-jit (jit.executor.ts)
 * and through graphql-js: the same status, content type and body, byte for
 * byte. Each request is checked to have run on the executor it says (compiled,
 * or handed to graphql-js), so that a pass is not two graphql-js answers.
 */

interface Served {
  url: string;
  server: Server;
  stop(): Promise<void>;
  jitStats: CompiledExecutorStats | null;
}

/** The GraphQL handler alone (as http.app.ts mounts it) with that executor, on the test API's context. */
async function serve(api: TestApi, executor: 'jit' | 'graphql-js'): Promise<Served> {
  const graphql = await createGraphQLHandler(api.context, [], { executor });
  const app = express();
  app.set('trust proxy', 'loopback');
  app.use('/graphql', express.json({ limit: '1mb' }), graphql.handler);
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, () => resolve(listening));
  });
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}/graphql`,
    server,
    jitStats: graphql.jitStats,
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await graphql.stop();
    },
  };
}

interface Answer {
  status: number;
  type: string | null;
  body: string;
}

async function ask(
  served: Served,
  body: Record<string, unknown>,
  as?: Caller,
  accept = 'application/json',
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept };
  if (typeof as === 'string') headers.authorization = `Bearer ${as}`;
  else if (as) headers.cookie = as.cookie;
  const response = await fetch(served.url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

const OVERVIEW = `query Overview($id: ID!) { project(id: $id) { id name status createdAt __typename
  client { name contacts { name email } }
  timeline(first: 20) { edges { cursor node { id occurredAt type summary actor { kind name } } } pageInfo { hasNextPage endCursor } }
  documents { id kind name url sharedAt } invoices { id number status total amountDue dueDate overdue }
  tasks { id title status assignee { name } comments { id body } } } }`;

const VIEWER = `{ viewer { __typename
  ... on MemberViewer { member { name email role } workspace { name slug } }
  ... on ContactViewer { contact { name email } client { name } previewBy } } }`;

describe('graphql-jit answers as graphql-js does', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let contact: { cookie: string };
  let projectId: string;
  let clientId: string;
  let jit: Served;
  let graphqlJs: Served;

  beforeAll(async () => {
    // Every answer computed: what is measured here is what runs them (kept answers have their own spec).
    api = await startTestApi({ GRAPHQL_ANSWER_CACHE: 'off' });
    ws = await createTestWorkspace(api);
    const member = async (query: string, variables: Record<string, unknown>) =>
      ok(await api.gql(query, variables, ws.token));
    const { createClient } = await member(
      `mutation($input: CreateClientInput!) { createClient(input: $input) { id } }`,
      { input: { name: 'Smith & Co', contacts: [{ name: 'John Smith', email: 'john@smith.test' }] } },
    );
    clientId = createClient.id;
    projectId = (
      await member(`mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`, {
        input: { clientId, name: 'Website' },
      })
    ).createProject.id;
    await member(`mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`, {
      input: { clientId, name: 'Brochure' },
    });
    await member(
      `mutation { updateTaskSettings(input: { visibility: ALL, clientsCanCreate: true, clientsCanEdit: true, clientsCanComment: true }) { id } }`,
      {},
    );
    await member(
      `mutation($p: ID!) { shareLink(projectId: $p, title: "Brief", url: "https://example.test/brief") { id } }`,
      { p: projectId },
    );
    const { createTask } = await member(
      `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`,
      { input: { projectId, title: 'Homepage copy' } },
    );
    await member(`mutation($t: ID!) { commentOnTask(taskId: $t, body: "Looks good") { id } }`, {
      t: createTask.id,
    });
    await member(
      `mutation($p: ID!) { createInvoice(input: { projectId: $p, currency: "USD", lineItems: [{ description: "Work", quantity: 3, unitAmount: 12500 }] }) { id } }`,
      { p: projectId },
    );
    contact = await signInAsContact(api, ws.slug, 'john@smith.test');
    jit = await serve(api, 'jit');
    graphqlJs = await serve(api, 'graphql-js');
  });

  afterAll(async () => {
    await jit?.stop();
    await graphqlJs?.stop();
    await api?.stop();
  });

  /** Both answers, after checking that they are the same and which executor ran. */
  async function both(
    body: Record<string, unknown>,
    as: Caller | undefined,
    ranOn: 'compiled' | 'graphql-js' | 'no execution',
    accept?: string,
  ): Promise<Answer> {
    const before = { ...jit.jitStats! };
    const compiled = await ask(jit, body, as, accept);
    const after = jit.jitStats!;
    const reference = await ask(graphqlJs, body, as, accept);
    expect(compiled).toEqual(reference);
    console.log(JSON.stringify(body).slice(0, 200), reference.status, reference.body.slice(0, 600));
    expect({
      compiled: after.compiledRuns - before.compiledRuns,
      'graphql-js': after.graphqlJsRuns - before.graphqlJsRuns,
    }).toEqual({
      compiled: ranOn === 'compiled' ? 1 : 0,
      'graphql-js': ranOn === 'graphql-js' ? 1 : 0,
    });
    return reference;
  }

  const json = (answer: Answer) => JSON.parse(answer.body);

  it('a nested query: a project with its timeline, documents, invoices and tasks (DateTime, enums, lists)', async () => {
    for (const as of [ws.token, contact]) {
      const answer = await both({ query: OVERVIEW, variables: { id: projectId } }, as, 'compiled');
      expect(answer.status).toBe(200);
      const { project } = json(answer).data;
      expect(project.id).toBe(projectId);
      expect(project.tasks[0].comments[0].body).toBe('Looks good');
      expect(project.documents).toHaveLength(1);
    }
    // The same document again: compiled once.
    const before = jit.jitStats!.compilations;
    await both({ query: OVERVIEW, variables: { id: projectId } }, ws.token, 'compiled');
    expect(jit.jitStats!.compilations).toBe(before);
  });

  it('{ __typename }, and a project that is not there (null)', async () => {
    await both({ query: '{ __typename }' }, undefined, 'compiled');
    const answer = await both(
      { query: OVERVIEW, variables: { id: '00000000-0000-4000-8000-000000000000' } },
      ws.token,
      'compiled',
    );
    expect(json(answer)).toEqual({ data: { project: null } });
  });

  it('an error in a nullable field: that field is null, its siblings answer', async () => {
    const answer = await both(
      {
        query: `query($s: String!) { logDigest { digest } portal(slug: $s) { slug enabled } }`,
        variables: { s: ws.slug },
      },
      undefined,
      'compiled',
    );
    const body = json(answer);
    expect(body.data.logDigest).toBeNull();
    expect(body.data.portal).not.toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].path).toEqual(['logDigest']);
  });

  it("an error in a non-null field: null reaches the nearest nullable parent, with the refusal's code and field", async () => {
    const answer = await both(
      {
        query: `query($id: ID!) { project(id: $id) { id name timeline(first: 101) { edges { cursor } } } }`,
        variables: { id: projectId },
      },
      ws.token,
      'compiled',
    );
    const body = json(answer);
    expect(body.data).toEqual({ project: null });
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: ['project', 'timeline'],
        locations: [{ line: 1, column: 46 }],
        extensions: { code: 'BAD_USER_INPUT', field: 'first' },
      }),
    ]);
  });

  it('a non-null root field a contact may not read: data is null', async () => {
    const answer = json(
      await both({ query: `{ events(first: 5) { nodes { type } } }` }, contact, 'compiled'),
    );
    expect(answer).toEqual({ data: null, errors: [expect.objectContaining({ path: ['events'] })] });
  });

  it('non-null errors under one nullable parent: the first only, as graphql-js stops at it', async () => {
    const twice = json(
      await both(
        {
          query: `query($id: ID!) { project(id: $id) { id a: timeline(first: 101) { edges { cursor } } b: timeline(first: 102) { edges { cursor } } } }`,
          variables: { id: projectId },
        },
        ws.token,
        'compiled',
      ),
    );
    expect(twice.data).toEqual({ project: null });
    expect(twice.errors.map((error: { path: unknown }) => error.path)).toEqual([['project', 'a']]);
    // One error for each project of the list, all bubbling to the client.
    const perItem = json(
      await both(
        {
          query: `query($id: ID!) { client(id: $id) { name projects { timeline(first: 101) { edges { cursor } } } } }`,
          variables: { id: clientId },
        },
        ws.token,
        'compiled',
      ),
    );
    expect(perItem.data).toEqual({ client: null });
    expect(perItem.errors).toHaveLength(1);
  });

  it('a refused mutation (a DomainError with its field)', async () => {
    const answer = await both(
      { query: `mutation { createClient(input: { name: " ", contacts: [] }) { id } }` },
      ws.token,
      'compiled',
    );
    expect(json(answer).data).toBeNull();
    expect(json(answer).errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.name' });
  });

  it('mutations after one that failed (non-null) are not run, as graphql-js runs them one by one', async () => {
    const clientsNamed = async (name: string) =>
      ok(await api.gql(`{ clients { name } }`, {}, ws.token)).clients.filter(
        (client: { name: string }) => client.name === name,
      ).length;
    const answer = await both(
      {
        query: `mutation { a: createClient(input: { name: " ", contacts: [] }) { id } b: createClient(input: { name: "Never made", contacts: [] }) { id } }`,
      },
      ws.token,
      'graphql-js',
    );
    expect(json(answer).data).toBeNull();
    expect(await clientsNamed('Never made')).toBe(0);
  });

  it.each([
    ['a wrong type', { id: 5.5 }],
    ['a missing variable', {}],
    ['null for a non-null variable', { id: null }],
  ])('variables that do not coerce (%s): BAD_USER_INPUT, nothing run', async (_what, variables) => {
    const query = `query($id: ID!) { project(id: $id) { id } }`;
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      const answer = await both({ query, variables }, ws.token, 'graphql-js', accept);
      expect(json(answer).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('an invalid DateTime variable, and a valid one', async () => {
    const query = `query($d: DateTime) { invoicesPage(dueBefore: $d, first: 5) { edges { node { id dueDate } } } }`;
    const bad = await both({ query, variables: { d: 'not a date' } }, ws.token, 'graphql-js');
    expect(json(bad).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await both({ query, variables: { d: '2999-01-01T00:00:00Z' } }, ws.token, 'compiled');
  });

  it('an unknown operation name, and several operations without one', async () => {
    const query = `query A { __typename } query B { viewer { __typename } }`;
    const unknown = await both({ query, operationName: 'C' }, ws.token, 'graphql-js');
    expect(json(unknown).errors[0].message).toBe('Unknown operation named "C".');
    await both({ query }, ws.token, 'graphql-js');
    await both({ query, operationName: 'B' }, ws.token, 'compiled');
  });

  it('the Viewer union, for a member, a contact and nobody', async () => {
    const member = json(await both({ query: VIEWER }, ws.token, 'compiled'));
    expect(member.data.viewer.__typename).toBe('MemberViewer');
    const contactAnswer = json(await both({ query: VIEWER }, contact, 'compiled'));
    expect(contactAnswer.data.viewer.__typename).toBe('ContactViewer');
    expect(json(await both({ query: VIEWER }, undefined, 'compiled'))).toEqual({ data: { viewer: null } });
  });

  it('introspection by a member (the whole schema), and a contact refused', async () => {
    const answer = await both({ query: getIntrospectionQuery() }, ws.token, 'compiled');
    expect(json(answer).data.__schema.queryType.name).toBe('Query');
    const refused = await both({ query: getIntrospectionQuery() }, contact, 'no execution');
    expect(json(refused).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('a document that does not validate never reaches an executor', async () => {
    await both({ query: '{ project { nope } }' }, ws.token, 'no execution');
  });
});
