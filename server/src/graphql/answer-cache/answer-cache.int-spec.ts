import { createAppContext } from '../../app-context';
import { parseConfig } from '../../config';
import {
  createTestWorkspace,
  errorCode,
  ok,
  signInAsContact,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { inviteMember, signInAsMember } from '../../test/member.fixture';

/**
 * Answers kept while the workspace's log has not moved: given again with one
 * statement, never after the log moved (whoever wrote, however the commits
 * interleaved), never to anyone else, and never where a field is not listed.
 */

const CREATE_CLIENT = `mutation($input: CreateClientInput!) { createClient(input: $input) { id contacts { id } } }`;
const CREATE_PROJECT = `mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }`;
const RENAME = `mutation($id: ID!, $name: String!) { renameProject(id: $id, name: $name) { id } }`;
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`;
const SEND_INVOICE = `mutation($id: ID!) { sendInvoice(id: $id) { id status } }`;
const OVERVIEW = `query($id: ID!) { project(id: $id) { id name status
  timeline(first: 20) { edges { cursor node { id type summary actor { kind name } } } pageInfo { hasNextPage } }
  documents { id name url } invoices { id number status amountDue dueDate overdue } tasks { id title comments { id body } } } }`;
const PROJECTS = `{ projects { id name client { id name contacts { id name email } } } }`;

let now = new Date('2026-12-02T09:00:00.000Z');
let api: TestApi;
let ws: TestWorkspace;
let other: TestWorkspace;

interface Seeded {
  clientId: string;
  projectId: string;
  cookie: string;
}

async function seed(workspace: TestWorkspace, name: string, email: string): Promise<Seeded> {
  const client = ok(
    await api.gql(
      CREATE_CLIENT,
      { input: { name: `${name} Co`, contacts: [{ name, email }] } },
      workspace.token,
    ),
  ).createClient;
  const projectId = ok(
    await api.gql(
      CREATE_PROJECT,
      { input: { clientId: client.id, name: `${name}'s site` } },
      workspace.token,
    ),
  ).createProject.id;
  const { cookie } = await signInAsContact(api, workspace.slug, email);
  return { clientId: client.id, projectId, cookie };
}

let a: Seeded;
let b: Seeded;

beforeAll(async () => {
  api = await startTestApi({}, () => now);
  ws = await createTestWorkspace(api);
  other = await createTestWorkspace(api, 'Olga Other');
  a = await seed(ws, 'Ann', 'ann@client-a.test');
  b = await seed(ws, 'Bob', 'bob@client-b.test');
});

afterAll(async () => {
  await api.stop();
});

const answers = () => api.context.services.answers;

/** The statements the API's pool is asked during fn (their texts). */
async function statementTextsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const spy = jest.spyOn(api.context.pool, 'query');
  try {
    await fn();
    return spy.mock.calls.map(([query]) =>
      typeof query === 'string' ? query : (query as { text: string }).text,
    );
  } finally {
    spy.mockRestore();
  }
}
const statementsDuring = async (fn: () => Promise<unknown>) => (await statementTextsDuring(fn)).length;
const asksTheLog = (texts: string[]) => texts.some((text) => text.includes('pg_current_snapshot'));

test('a query asked again by the same viewer is answered from memory, with one statement', async () => {
  const first = ok(await api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie }));
  expect(first.project.name).toBe("Ann's site");
  const hits = answers().hits;
  let again: unknown;
  const statements = await statementsDuring(async () => {
    again = ok(await api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie }));
  });
  expect(again).toEqual(first);
  expect(answers().hits - hits).toBe(1);
  expect(statements).toBe(1);
  expect(
    asksTheLog(
      await statementTextsDuring(() => api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie })),
    ),
  ).toBe(true);
  // Computing it takes the check and the reads.
  const computed = await statementsDuring(() => api.gql(OVERVIEW, { id: b.projectId }, { cookie: b.cookie }));
  expect(computed).toBeGreaterThan(3);
});

const SYSTEM = {
  actor: { kind: 'SYSTEM' as const, id: null, name: 'Test' },
  correlationId: 'test',
  causationId: null,
};

test('a change committed by another process is in the very next answer', async () => {
  ok(await api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie }));
  // Through this process's API first: nothing of this process forgets on a mutation, the log decides.
  const stale = answers().stale;
  ok(await api.gql(RENAME, { id: a.projectId, name: 'Renamed here' }, ws.token));
  expect(ok(await api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie })).project.name).toBe(
    'Renamed here',
  );
  expect(answers().stale - stale).toBe(1);
  // Another API process on the same database: its own pool, command handler and caches.
  const elsewhere = createAppContext(
    parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '4000', DATABASE_URL: api.db.url }),
  );
  try {
    const owner = await elsewhere.services.apiTokens.authenticate(ws.token);
    await elsewhere.services.projects.rename(owner!, a.projectId, 'Renamed there', 'elsewhere');
  } finally {
    await elsewhere.close();
  }
  expect(ok(await api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie })).project.name).toBe(
    'Renamed there',
  );
});

test('a transaction that began before the answer was kept, with an earlier position, commits after it: the next answer has it', async () => {
  ok(await api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie }));
  const held = await api.db.owner.connect();
  try {
    await held.query('BEGIN');
    const late = await api.context.store.append(
      `project-${a.projectId}`,
      'any',
      [
        {
          type: 'ProjectRenamed',
          data: { projectId: a.projectId, workspaceId: ws.workspaceId, name: 'Late' },
        },
      ],
      { ...SYSTEM, tenantId: ws.workspaceId },
      held,
    );
    await held.query('UPDATE projects SET name = $2 WHERE id = $1', [a.projectId, 'Late']);
    // Another stream of the workspace commits after it began, at a later position.
    ok(await api.gql(RENAME, { id: b.projectId, name: 'Early' }, ws.token));
    const early = await api.db.owner.query(
      `SELECT max(global_position) AS p FROM es_events WHERE stream_id = $1`,
      [`project-${b.projectId}`],
    );
    expect(BigInt(early.rows[0].p)).toBeGreaterThan(BigInt(late.events[0].globalPosition));
    // Computed and kept while the first is still running: it cannot have it.
    const before = ok(await api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie }));
    expect(before.project.name).not.toBe('Late');
    expect(ok(await api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie }))).toEqual(before);
    await held.query('COMMIT');
  } finally {
    held.release();
  }
  expect(ok(await api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie })).project.name).toBe('Late');
});

test("a lone project's answer is that project's: another project's change leaves it kept, a change of what it shows beyond the project does not", async () => {
  const PROJECT_AND_CLIENT = `query($id: ID!) { project(id: $id) { id name client { id name } } }`;
  const WITH_SIBLINGS = `query($id: ID!) { project(id: $id) { id client { projects { id name } } } }`;
  const sibling = ok(
    await api.gql(CREATE_PROJECT, { input: { clientId: a.clientId, name: 'Sibling' } }, ws.token),
  ).createProject.id;
  const ask = async (query: string) => ok(await api.gql(query, { id: a.projectId }, ws.token)).project;
  await ask(PROJECT_AND_CLIENT);
  await ask(WITH_SIBLINGS);
  // Bob's project, and Ann's other project: events that name another project.
  ok(await api.gql(RENAME, { id: b.projectId, name: 'Bob elsewhere' }, ws.token));
  ok(await api.gql(RENAME, { id: sibling, name: 'Sibling renamed' }, ws.token));
  const hits = answers().hits;
  const stale = answers().stale;
  expect((await ask(PROJECT_AND_CLIENT)).client.name).toBe('Ann Co');
  expect(answers().hits - hits).toBe(1);
  // The answer that shows the client's other projects counts every event of the workspace.
  const siblings = (await ask(WITH_SIBLINGS)).client.projects;
  expect(siblings.find((p: { id: string }) => p.id === sibling).name).toBe('Sibling renamed');
  expect(answers().stale - stale).toBe(1);
  // The client renamed: an event that names no project counts for every answer of the workspace.
  ok(
    await api.gql(
      `mutation($id: ID!) { renameClient(id: $id, name: "Ann & Co") { id } }`,
      { id: a.clientId },
      ws.token,
    ),
  );
  expect((await ask(PROJECT_AND_CLIENT)).client.name).toBe('Ann & Co');
  // Its own project's change counts.
  ok(await api.gql(RENAME, { id: a.projectId, name: 'Own change' }, ws.token));
  expect((await ask(PROJECT_AND_CLIENT)).name).toBe('Own change');
  // The members' list (no lone project) is computed again after another project's change.
  const list = async () => ok(await api.gql(PROJECTS, {}, ws.token)).projects;
  await list();
  ok(await api.gql(RENAME, { id: b.projectId, name: 'Bob again' }, ws.token));
  expect((await list()).find((p: { id: string }) => p.id === b.projectId).name).toBe('Bob again');
});

test('a kept answer found unchanged holds as of that check: the next check reads only what committed after it', async () => {
  const spy = jest.spyOn(api.context.pool, 'query');
  try {
    // Between the asks, another project of the workspace changes: the snapshots move, the answer holds.
    for (let i = 0; i < 3; i++) {
      ok(await api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie }));
      ok(await api.gql(RENAME, { id: b.projectId, name: `Bob's site ${i}` }, ws.token));
    }
    const checks = spy.mock.calls
      .map((call, i) => ({
        query: call[0] as unknown as { text?: string; values?: unknown[] },
        result: spy.mock.results[i],
      }))
      .filter(({ query }) => query.text?.includes('pg_current_snapshot'));
    expect(checks).toHaveLength(3);
    const answered = await Promise.all(checks.map(async ({ result }) => (await result.value).rows[0]));
    // Each check after the first compares with the snapshot the one before it answered.
    expect(checks[1].query.values?.[1]).toBe(answered[0].now);
    expect(checks[2].query.values?.[1]).toBe(answered[1].now);
    expect(answered[1].unchanged && answered[2].unchanged).toBe(true);
    expect(new Set(answered.map((check) => check.now)).size).toBe(3);
  } finally {
    spy.mockRestore();
  }
});

test('nobody else is given a kept answer: another client, another workspace, a member of lower role', async () => {
  const mine = ok(await api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie }));
  expect(ok(await api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie }))).toEqual(mine);
  // Bob's client is another: the project is not his to see, kept or not.
  const bob = await api.gql(OVERVIEW, { id: a.projectId }, { cookie: b.cookie });
  expect(bob.errors ?? []).toEqual([]);
  expect(bob.data?.project).toBeNull();
  // Another workspace's owner.
  const stranger = await api.gql(OVERVIEW, { id: a.projectId }, other.token);
  expect(stranger.data?.project ?? null).toBeNull();
  // The owner and a member (lower role) each get their own, computed for them.
  const member = await inviteMember(api, ws, { name: 'Mo Member', email: 'mo@studio.test', role: 'MEMBER' });
  const { cookie } = await signInAsMember(api, 'mo@studio.test', ws.workspaceId);
  const ownerList = ok(await api.gql(PROJECTS, {}, ws.token));
  const misses = answers().misses;
  const memberList = ok(await api.gql(PROJECTS, {}, { cookie }));
  expect(answers().misses - misses).toBe(1);
  expect(memberList).toEqual(ownerList);
  expect(member.role).toBe('MEMBER');
  // A contact asking the members' list gets what a contact gets: their client's projects only.
  const contactList = ok(await api.gql(PROJECTS, {}, { cookie: a.cookie }));
  const contactIds = contactList.projects.map((p: { id: string }) => p.id);
  expect(contactIds).toContain(a.projectId);
  expect(contactIds).not.toContain(b.projectId);
  const strangerList = ok(await api.gql(PROJECTS, {}, other.token));
  expect(strangerList.projects).toEqual([]);
});

test('what is not listed, mutations, errors and the anonymous are never kept', async () => {
  const size = answers().size;
  const hits = answers().hits;
  // A field read from a table written outside the log (notifications), beside kept ones.
  ok(await api.gql(`{ projects { id } notifications { edges { node { id } } } }`, {}, ws.token));
  ok(await api.gql(`{ projects { id } notifications { edges { node { id } } } }`, {}, ws.token));
  // The same through a fragment.
  const viaFragment = `{ ...f } fragment f on Query { projects { id } notifications { edges { node { id } } } }`;
  ok(await api.gql(viaFragment, {}, ws.token));
  ok(await api.gql(viaFragment, {}, ws.token));
  // No field that reads anything.
  ok(await api.gql(`{ __typename }`, {}, ws.token));
  // An error: a contact asking the members' clients.
  const refused = await api.gql(`{ clients { id } }`, {}, { cookie: a.cookie });
  expect(errorCode(refused)).toBe('FORBIDDEN');
  expect(errorCode(await api.gql(`{ clients { id } }`, {}, { cookie: a.cookie }))).toBe('FORBIDDEN');
  // Nobody signed in.
  await api.gql(PROJECTS, {});
  await api.gql(PROJECTS, {});
  expect(answers().size).toBe(size);
  expect(answers().hits).toBe(hits);
});

test('a kept answer ends when a due date passes, with no event: an invoice becomes overdue by the clock alone', async () => {
  const invoiceId = ok(
    await api.gql(
      CREATE_INVOICE,
      {
        input: {
          projectId: a.projectId,
          currency: 'EUR',
          lineItems: [{ description: 'Design', quantity: 1, unitAmount: 50000 }],
          dueDate: new Date(now.getTime() + 60 * 60 * 1000).toISOString(),
        },
      },
      ws.token,
    ),
  ).createInvoice.id;
  ok(await api.gql(SEND_INVOICE, { id: invoiceId }, ws.token));
  const overdue = async () =>
    ok(await api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie })).project.invoices.find(
      (invoice: { id: string }) => invoice.id === invoiceId,
    ).overdue;
  expect(await overdue()).toBe(false);
  const hits = answers().hits;
  expect(await overdue()).toBe(false);
  expect(answers().hits - hits).toBe(1);
  now = new Date(now.getTime() + 61 * 60 * 1000);
  expect(await overdue()).toBe(true);
});

test('an answer is kept for its maximum age at most, by the clock', async () => {
  const first = ok(await api.gql(OVERVIEW, { id: b.projectId }, { cookie: b.cookie }));
  const hits = answers().hits;
  now = new Date(now.getTime() + answers().maxAgeMs);
  const misses = answers().misses;
  expect(ok(await api.gql(OVERVIEW, { id: b.projectId }, { cookie: b.cookie }))).toEqual(first);
  expect(answers().hits).toBe(hits);
  expect(answers().misses - misses).toBe(1);
});

test('an operation whose answers the log outruns rests: computed without asking the log, then kept again', async () => {
  const ask = async () => ok(await api.gql(OVERVIEW, { id: a.projectId }, { cookie: a.cookie })).project.name;
  const rename = async (name: string) => ok(await api.gql(RENAME, { id: a.projectId, name }, ws.token));
  await ask();
  const stale = answers().stale;
  for (const name of ['Busy 1', 'Busy 2', 'Busy 3']) {
    await rename(name);
    expect(await ask()).toBe(name);
  }
  expect(answers().stale - stale).toBe(3);
  // At rest: each answer computed (and right), with no statement asking the log.
  const rested = answers().rested;
  await rename('Busy 4');
  let name: string | undefined;
  const statements = await statementTextsDuring(async () => {
    name = await ask();
  });
  expect(name).toBe('Busy 4');
  expect(answers().rested - rested).toBe(1);
  expect(statements.length).toBeGreaterThan(3);
  expect(asksTheLog(statements)).toBe(false);
  // After the rest, kept again.
  now = new Date(now.getTime() + 1000);
  const hits = answers().hits;
  expect(await ask()).toBe('Busy 4');
  expect(await ask()).toBe('Busy 4');
  expect(answers().hits - hits).toBe(1);
});

test('/metrics counts the answers given from memory, computed, and computed again', async () => {
  const text = await (await fetch(`${api.url}/metrics`)).text();
  const count = (outcome: string) =>
    Number(new RegExp(`portal_graphql_kept_answers_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1]);
  expect(count('hit')).toBe(answers().hits);
  expect(count('miss')).toBe(answers().misses);
  expect(count('stale')).toBe(answers().stale);
  expect(count('rested')).toBe(answers().rested);
  expect(count('hit')).toBeGreaterThan(0);
  expect(count('stale')).toBeGreaterThan(0);
});

test('GRAPHQL_ANSWER_CACHE=off keeps nothing', async () => {
  const off = await startTestApi({ GRAPHQL_ANSWER_CACHE: 'off' });
  try {
    const workspace = await createTestWorkspace(off);
    ok(await off.gql(PROJECTS, {}, workspace.token));
    ok(await off.gql(PROJECTS, {}, workspace.token));
    expect(off.context.services.answers.size).toBe(0);
    expect(off.context.services.answers.misses).toBe(0);
  } finally {
    await off.stop();
  }
});
