import WebSocket from 'ws';
import {
  createTestWorkspace,
  ok,
  signInAsContact,
  startTestApi,
  type GraphQLResult,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { createClientWithContacts, waitFor } from '../../test/email.fixture';
import {
  liveClient,
  startLivePublisher,
  startSecondApi,
  type LiveSubscription,
} from '../../test/live.client';
import type { ProcessorRunner } from '../../projections/async-processor';

const ENTRIES = `subscription($p: ID!) { timelineEntryAdded(projectId: $p) { id type summary visibleToClient } }`;
type Entry = { timelineEntryAdded: { id: string; type: string; summary: string; visibleToClient: boolean } };

let api: TestApi;
let publisher: ProcessorRunner;
let ws: TestWorkspace;
let clientId: string;
let projectId: string;
let contactCookie: string;
let origin: string;

async function createProject(workspace: TestWorkspace, client: string, name = 'Site') {
  return ok(
    await api.gql<{ createProject: { id: string } }>(
      'mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }',
      { i: { clientId: client, name } },
      workspace.token,
    ),
  ).createProject.id;
}

const rename = (project: string, name: string, token = ws.token) =>
  api.gql(
    'mutation($id: ID!, $n: String!) { renameProject(id: $id, name: $n) { id } }',
    { id: project, n: name },
    token,
  );

/** Subscribed, and heard: a first rename arrives (so the server has the subscription in hand). */
async function ready(sub: LiveSubscription<Entry>, project = projectId) {
  await waitFor(async () => {
    if (sub.errors.length) throw new Error(JSON.stringify(sub.errors));
    const before = sub.items.length;
    ok(await rename(project, `ready ${Math.random()}`));
    return waitFor(async () => sub.items.length > before, 'the first entry', 1000).catch(() => false);
  }, 'a subscription that hears');
}

beforeAll(async () => {
  api = await startTestApi();
  publisher = startLivePublisher(api.context);
  origin = new URL(api.context.config.PUBLIC_URL).origin;
  ws = await createTestWorkspace(api);
  const created = await createClientWithContacts(api, ws, [
    { name: 'Cora Contact', email: 'cora@client.test' },
  ]);
  clientId = created.clientId;
  projectId = await createProject(ws, clientId);
  contactCookie = (await signInAsContact(api, ws.slug, 'cora@client.test')).cookie;
});

afterAll(async () => {
  await publisher.stop();
  await api.stop();
});

test('a member by bearer token and by console cookie receives the entries of a mutation', async () => {
  const bearer = liveClient(api.url, { token: ws.token });
  const sub = bearer.subscribe<Entry>(ENTRIES, { p: projectId });
  await ready(sub);
  ok(await rename(projectId, 'Website relaunch'));
  await waitFor(
    async () => sub.items.some((i) => i.timelineEntryAdded.summary.includes("'Website relaunch'")),
    'the rename',
  );
  expect(sub.items.at(-1)!.timelineEntryAdded).toMatchObject({
    type: 'ProjectRenamed',
    visibleToClient: true,
  });
  await bearer.dispose();

  // A console session: the member signs in with a link, and the socket carries the cookie.
  const { rows } = await api.db.owner.query(`SELECT email FROM members WHERE id = $1`, [ws.ownerId]);
  await api.context.services.memberSessions.sendLinks(rows[0].email, 'test');
  const token = (
    await api.db.owner.query(
      `SELECT payload->'links'->0->>'token' AS token FROM email_outbox WHERE payload->>'kind' = 'member-sign-in' ORDER BY created_at DESC LIMIT 1`,
    )
  ).rows[0].token;
  const signedIn = await api.post('mutation($t: String!) { signInMember(token: $t) { member { id } } }', {
    t: token,
  });
  const cookie = signedIn.headers.get('set-cookie')!.split(';')[0];
  expect(cookie).toMatch(/^portal_member_session=/);
  const console = liveClient(api.url, { cookie, origin, viewer: 'member' });
  const consoleSub = console.subscribe<Entry>(ENTRIES, { p: projectId });
  await ready(consoleSub);
  expect(consoleSub.errors).toEqual([]);
  await console.dispose();
});

test('a contact receives the entries meant for clients, never a members-only one', async () => {
  const contact = liveClient(api.url, { cookie: contactCookie, origin });
  const sub = contact.subscribe<Entry>(ENTRIES, { p: projectId });
  const member = liveClient(api.url, { token: ws.token });
  const memberSub = member.subscribe<Entry>(ENTRIES, { p: projectId });
  await ready(sub);
  await ready(memberSub);
  ok(
    await api.gql(
      'mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }',
      { i: { projectId, title: 'Internal: margins', sharedWithClient: false } },
      ws.token,
    ),
  );
  ok(await rename(projectId, 'After the internal task'));
  await waitFor(
    async () => sub.items.some((i) => i.timelineEntryAdded.summary.includes('After the internal task')),
    'the rename, for the contact',
  );
  await waitFor(
    async () => memberSub.items.some((i) => i.timelineEntryAdded.summary.includes('After the internal task')),
    'the rename, for the member',
  );
  // The member heard the internal task before the rename; the contact, only the rename.
  expect(memberSub.items.some((i) => i.timelineEntryAdded.type === 'TaskCreated')).toBe(true);
  expect(sub.items.every((i) => i.timelineEntryAdded.visibleToClient)).toBe(true);
  expect(sub.items.some((i) => i.timelineEntryAdded.type === 'TaskCreated')).toBe(false);
  await contact.dispose();
  await member.dispose();
});

test('a contact of another client, and a member of another workspace, cannot subscribe to the project', async () => {
  const other = await createClientWithContacts(api, ws, [{ name: 'Otto Other', email: 'otto@other.test' }]);
  await createProject(ws, other.clientId, 'Their project');
  const otto = (await signInAsContact(api, ws.slug, 'otto@other.test')).cookie;
  const elsewhere = await createTestWorkspace(api, 'Eve Elsewhere');
  for (const as of [{ cookie: otto, origin }, { token: elsewhere.token }]) {
    const stranger = liveClient(api.url, as);
    const sub = stranger.subscribe<Entry>(ENTRIES, { p: projectId });
    await waitFor(async () => sub.ended, 'the refusal');
    expect(sub.errors[0]?.extensions?.code).toBe('NOT_FOUND');
    ok(await rename(projectId, `unseen ${Math.random()}`));
    // The rename reached a subscriber that may see it; the stranger heard nothing.
    const witness = liveClient(api.url, { token: ws.token });
    const seen = witness.subscribe<Entry>(ENTRIES, { p: projectId });
    await ready(seen);
    expect(sub.items).toEqual([]);
    await witness.dispose();
    await stranger.dispose();
  }
});

test('access ended mid-subscription closes the socket (4403) and nothing more arrives: contact removed, client archived, portal off', async () => {
  const endings: [string, (contactId: string, client: string) => Promise<GraphQLResult>][] = [
    [
      'contact removed',
      (contactId) =>
        api.gql('mutation($c: ID!) { removeContact(contactId: $c) { id } }', { c: contactId }, ws.token),
    ],
    [
      'client archived',
      (_c, client) => api.gql('mutation($c: ID!) { archiveClient(id: $c) { id } }', { c: client }, ws.token),
    ],
    ['portal off', () => api.gql('mutation { setPortalEnabled(enabled: false) { id } }', {}, ws.token)],
  ];
  for (const [what, end] of endings) {
    const email = `${what.replace(/\W/g, '')}@ending.test`;
    const created = await createClientWithContacts(api, ws, [{ name: 'Dee Parting', email }]);
    const project = await createProject(ws, created.clientId, what);
    const cookie = (await signInAsContact(api, ws.slug, email)).cookie;
    const contact = liveClient(api.url, { cookie, origin });
    const sub = contact.subscribe<Entry>(ENTRIES, { p: project });
    await ready(sub, project);
    const heard = sub.items.length;
    ok(await end(created.contacts[0].id, created.clientId));
    await waitFor(async () => contact.closes.length > 0, `the socket closed (${what})`);
    expect(contact.closes[0].code).toBe(4403);
    if (what !== 'client archived') ok(await rename(project, `after: ${what}`));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sub.items.length).toBe(heard);
    await contact.dispose();
    if (what === 'portal off')
      ok(await api.gql('mutation { setPortalEnabled(enabled: true) { id } }', {}, ws.token));
  }
});

test("signing out closes that session's sockets", async () => {
  const cookie = (await signInAsContact(api, ws.slug, 'cora@client.test')).cookie;
  const contact = liveClient(api.url, { cookie, origin });
  const sub = contact.subscribe<Entry>(ENTRIES, { p: projectId });
  await ready(sub);
  ok(await api.gql('mutation { signOut }', {}, { cookie }));
  await waitFor(async () => contact.closes.length > 0, 'the socket closed');
  expect(contact.closes[0].code).toBe(4403);
  await contact.dispose();
});

test('two API processes: a subscriber on one receives what a mutation on the other caused', async () => {
  const second = await startSecondApi(api);
  try {
    const remote = liveClient(second.running.url, { token: ws.token });
    const sub = remote.subscribe<Entry>(ENTRIES, { p: projectId });
    await ready(sub); // renames sent to the first API
    ok(await rename(projectId, 'From the first process'));
    await waitFor(
      async () => sub.items.some((i) => i.timelineEntryAdded.summary.includes('From the first process')),
      'the entry on the second API',
    );
    await remote.dispose();
  } finally {
    await second.stop();
  }
});

test('anonymous sockets are closed 4401; cookie sockets from another origin 4403; a bearer socket needs no origin', async () => {
  const closeOf = async (as: Parameters<typeof liveClient>[1]) => {
    const client = liveClient(api.url, as, false);
    await waitFor(async () => client.closes.length > 0, 'the close');
    await client.dispose();
    return client.closes[0].code;
  };
  expect(await closeOf({})).toBe(4401);
  expect(await closeOf({ cookie: contactCookie, origin: 'https://evil.test' })).toBe(4403);
  expect(await closeOf({ cookie: contactCookie })).toBe(4403);
  const bearer = liveClient(api.url, { token: ws.token, origin: 'https://elsewhere.test' });
  const sub = bearer.subscribe<Entry>(ENTRIES, { p: projectId });
  await ready(sub);
  await bearer.dispose();
});

test('bounds: the 11th socket of a viewer is closed 4429; the 21st subscription of a socket is refused; queries stay on HTTP', async () => {
  const sockets = Array.from({ length: 10 }, () => liveClient(api.url, { token: ws.token }));
  const subs = sockets.map((socket) => socket.subscribe<Entry>(ENTRIES, { p: projectId }));
  await ready(subs[9]);
  await waitFor(async () => {
    ok(await rename(projectId, `all ten ${Math.random()}`));
    await new Promise((resolve) => setTimeout(resolve, 100));
    return subs.every((sub) => sub.items.length > 0);
  }, 'ten sockets open');
  const eleventh = liveClient(api.url, { token: ws.token }, false);
  await waitFor(async () => eleventh.closes.length > 0, 'the 11th closed');
  expect(eleventh.closes[0].code).toBe(4429);
  await eleventh.dispose();
  const many = Array.from({ length: 20 }, () => sockets[0].subscribe<Entry>(ENTRIES, { p: projectId }));
  await waitFor(async () => many.some((sub) => sub.ended), 'a refusal');
  const refused = many.filter((sub) => sub.ended);
  expect(refused.length).toBe(1);
  expect(refused[0].errors[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
  const query = sockets[1].subscribe(`{ projects { id } }`, {});
  await waitFor(async () => query.ended, 'the query refused');
  expect(query.errors[0]?.message).toMatch(/only subscriptions/);
  await Promise.all(sockets.map((socket) => socket.dispose()));
});

test('a consumer that does not read is dropped (1013) rather than buffered', async () => {
  const slowApi = await startSecondApi(api, {
    LIVE_MAX_BUFFERED_BYTES: 1024,
    LIVE_MAX_SOCKETS_PER_VIEWER: 50,
    LIVE_MAX_SUBSCRIPTIONS_PER_SOCKET: 200,
  });
  try {
    // A raw socket that subscribes and then stops reading: the server's send buffer fills.
    const socket = new WebSocket(
      `${slowApi.running.url.replace('http', 'ws')}/graphql`,
      'graphql-transport-ws',
    );
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${ws.token}` } }),
    );
    await new Promise((resolve) => socket.once('message', resolve));
    // Many subscriptions of the same project: each entry is sent once per subscription, so a
    // round of renames sends about 450 KB and fills the kernel's buffers (MiBs) in a few rounds.
    for (let i = 0; i < 200; i++)
      socket.send(
        JSON.stringify({
          id: String(i),
          type: 'subscribe',
          payload: { query: ENTRIES, variables: { p: projectId } },
        }),
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    let code: number | null = null;
    void closed.then((c) => (code = c));
    await waitFor(
      async () => {
        await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            rename(projectId, `flood ${i} ${'x'.repeat(150)} ${Math.random()}`),
          ),
        );
        return slowApi.running.live.openSockets === 0;
      },
      'the slow socket dropped',
      80_000,
    );
    // The server gave up on it as too slow (the client, reading nothing, may never see the close frame).
    expect(slowApi.running.live.slowDropped).toBe(1);
    (socket as unknown as { _socket: { resume(): void } })._socket.resume();
    await waitFor(async () => code !== null, 'the socket closed');
    expect([1013, 1006]).toContain(code);
  } finally {
    await slowApi.stop();
  }
}, 100_000);
