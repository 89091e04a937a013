import {
  createTestWorkspace,
  ok,
  signInAsContact,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { createClientWithContacts, waitFor } from '../../test/email.fixture';
import { liveClient, startLivePublisher, type LiveSubscription } from '../../test/live.client';
import { inviteMember, signInAsMember, type TestMember } from '../../test/member.fixture';
import { notificationsRunner } from '../../test/notification.fixture';
import { fileBytes, uploadDocument } from '../../test/upload.fixture';
import type { ProcessorRunner } from '../../projections/async-processor';

const MESSAGES = `subscription($p: ID!) { messagePosted(projectId: $p) { id body author { kind name } postedAt } }`;
type Posted = { messagePosted: { id: string; body: string; author: { kind: string; name: string } } };
const NOTIFICATIONS = `subscription { notificationAdded { id type summary read link actor { kind name } } }`;
type Added = {
  notificationAdded: { id: string; type: string; summary: string; read: boolean; link: string };
};
const POST = `mutation($p: ID!, $b: String!) { postMessage(projectId: $p, body: $b) { id } }`;

let api: TestApi;
let runners: ProcessorRunner[];
let ws: TestWorkspace;
let bob: TestMember;
let bobCookie: string;
let clientId: string;
let projectId: string;
let coraCookie: string;
let origin: string;

const post = (as: string | { cookie: string }, body: string, project = projectId) =>
  api.gql<{ postMessage: { id: string } }>(POST, { p: project, b: body }, as).then(ok);

async function createProject(workspace: TestWorkspace, client: string, name: string) {
  return ok(
    await api.gql<{ createProject: { id: string } }>(
      'mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }',
      { i: { clientId: client, name } },
      workspace.token,
    ),
  ).createProject.id;
}

/** Subscribed, and heard: something `poke` causes arrives (so the server has the subscription in hand). */
async function ready<T>(sub: LiveSubscription<T>, poke: () => Promise<unknown>) {
  await waitFor(async () => {
    if (sub.errors.length) throw new Error(JSON.stringify(sub.errors));
    const before = sub.items.length;
    await poke();
    return waitFor(async () => sub.items.length > before, 'the first item', 1000).catch(() => false);
  }, 'a subscription that hears');
}

beforeAll(async () => {
  api = await startTestApi();
  runners = [startLivePublisher(api.context), notificationsRunner(api.context)];
  runners[1].start();
  origin = new URL(api.context.config.PUBLIC_URL).origin;
  ws = await createTestWorkspace(api);
  bob = await inviteMember(api, ws, { name: 'Bob Member', email: `bob-${ws.slug}@studio.test` });
  bobCookie = (await signInAsMember(api, bob.email, ws.workspaceId)).cookie;
  const created = await createClientWithContacts(api, ws, [
    { name: 'Cora Contact', email: 'cora@client.test' },
  ]);
  clientId = created.clientId;
  projectId = await createProject(ws, clientId, 'Website relaunch');
  coraCookie = (await signInAsContact(api, ws.slug, 'cora@client.test')).cookie;
});

afterAll(async () => {
  await Promise.all(runners.map((runner) => runner.stop()));
  await api.stop();
});

describe('messagePosted', () => {
  test("a member and a contact each receive the other's message, as it was posted", async () => {
    const member = liveClient(api.url, { token: ws.token });
    const memberSub = member.subscribe<Posted>(MESSAGES, { p: projectId });
    const contact = liveClient(api.url, { cookie: coraCookie, origin });
    const contactSub = contact.subscribe<Posted>(MESSAGES, { p: projectId });
    await ready(memberSub, () => post(ws.token, `ready ${Math.random()}`));
    await ready(contactSub, () => post(ws.token, `ready ${Math.random()}`));

    const fromMember = (await post(ws.token, 'The first draft is up')).postMessage.id;
    await waitFor(
      async () => contactSub.items.some((i) => i.messagePosted.id === fromMember),
      'the contact hears',
    );
    expect(contactSub.items.find((i) => i.messagePosted.id === fromMember)!.messagePosted).toMatchObject({
      body: 'The first draft is up',
      author: { kind: 'MEMBER' },
    });
    const fromContact = (await post({ cookie: coraCookie }, 'Looks great!')).postMessage.id;
    await waitFor(
      async () => memberSub.items.some((i) => i.messagePosted.id === fromContact),
      'the member hears',
    );
    expect(memberSub.items.find((i) => i.messagePosted.id === fromContact)!.messagePosted).toMatchObject({
      body: 'Looks great!',
      author: { kind: 'CONTACT', name: 'Cora Contact' },
    });
    expect(memberSub.errors).toEqual([]);
    expect(contactSub.errors).toEqual([]);
    await member.dispose();
    await contact.dispose();
  });

  test('a contact of another client, and a member of another workspace: NOT_FOUND, and nothing', async () => {
    const other = await createClientWithContacts(api, ws, [{ name: 'Otto Other', email: 'otto@other.test' }]);
    await createProject(ws, other.clientId, 'Their project');
    const otto = (await signInAsContact(api, ws.slug, 'otto@other.test')).cookie;
    const elsewhere = await createTestWorkspace(api, 'Eve Elsewhere');
    for (const as of [{ cookie: otto, origin }, { token: elsewhere.token }]) {
      const stranger = liveClient(api.url, as);
      const sub = stranger.subscribe<Posted>(MESSAGES, { p: projectId });
      await waitFor(async () => sub.ended, 'the refusal');
      expect(sub.errors[0]?.extensions?.code).toBe('NOT_FOUND');
      // A message heard by a witness who may see it: the stranger heard nothing.
      const witness = liveClient(api.url, { token: ws.token });
      const seen = witness.subscribe<Posted>(MESSAGES, { p: projectId });
      await ready(seen, () => post(ws.token, `unseen ${Math.random()}`));
      expect(sub.items).toEqual([]);
      await witness.dispose();
      await stranger.dispose();
    }
  });

  test("a contact's access ended mid-subscription: the socket closes and nothing more arrives", async () => {
    const created = await createClientWithContacts(api, ws, [
      { name: 'Dee Parting', email: 'dee@parting.test' },
    ]);
    const project = await createProject(ws, created.clientId, 'Short engagement');
    const cookie = (await signInAsContact(api, ws.slug, 'dee@parting.test')).cookie;
    const contact = liveClient(api.url, { cookie, origin });
    const sub = contact.subscribe<Posted>(MESSAGES, { p: project });
    await ready(sub, () => post(ws.token, `ready ${Math.random()}`, project));
    const heard = sub.items.length;
    ok(
      await api.gql(
        'mutation($c: ID!) { removeContact(contactId: $c) { id } }',
        { c: created.contacts[0].id },
        ws.token,
      ),
    );
    await waitFor(async () => contact.closes.length > 0, 'the socket closed');
    expect(contact.closes[0].code).toBe(4403);
    // A member still hears the project's messages; the removed contact, none.
    const witness = liveClient(api.url, { token: ws.token });
    const seen = witness.subscribe<Posted>(MESSAGES, { p: project });
    await ready(seen, () => post(ws.token, `after the removal ${Math.random()}`, project));
    expect(sub.items.length).toBe(heard);
    await witness.dispose();
    await contact.dispose();
  });
  test('a project no longer active: its contact hears none of its messages, its members still do', async () => {
    const project = await createProject(ws, clientId, 'Wrapping up');
    const contact = liveClient(api.url, { cookie: coraCookie, origin });
    const sub = contact.subscribe<Posted>(MESSAGES, { p: project });
    await ready(sub, () => post(ws.token, `ready ${Math.random()}`, project));
    const heard = sub.items.length;
    ok(
      await api.gql(
        'mutation($id: ID!) { setProjectStatus(id: $id, status: COMPLETED) { id } }',
        { id: project },
        ws.token,
      ),
    );
    const witness = liveClient(api.url, { token: ws.token });
    const seen = witness.subscribe<Posted>(MESSAGES, { p: project });
    await ready(seen, () => post(ws.token, `after completion ${Math.random()}`, project));
    // Read again for the contact when sent: not theirs to see now (whether or not their socket stays open).
    expect(sub.items.length).toBe(heard);
    await witness.dispose();
    await contact.dispose();
  });
});

describe('notificationAdded', () => {
  test("a contact's upload and message: each member of the workspace receives their own notification; another workspace's member, nothing", async () => {
    const owner = liveClient(api.url, { token: ws.token });
    const ownerSub = owner.subscribe<Added>(NOTIFICATIONS, {});
    const console = liveClient(api.url, { cookie: bobCookie, origin, viewer: 'member' });
    const bobSub = console.subscribe<Added>(NOTIFICATIONS, {});
    // A member of another workspace, whose subscription hears their own contact's messages.
    const elsewhere = await createTestWorkspace(api, 'Nora Nowhere');
    const theirs = await createClientWithContacts(api, elsewhere, [
      { name: 'Tim Theirs', email: 'tim@theirs.test' },
    ]);
    const theirProject = await createProject(elsewhere, theirs.clientId, 'Their site');
    const timCookie = (await signInAsContact(api, elsewhere.slug, 'tim@theirs.test')).cookie;
    const stranger = liveClient(api.url, { token: elsewhere.token });
    const strangerSub = stranger.subscribe<Added>(NOTIFICATIONS, {});
    const poke = () => post({ cookie: coraCookie }, `ready ${Math.random()}`);
    await ready(ownerSub, poke);
    await ready(bobSub, poke);
    await ready(strangerSub, () => post({ cookie: timCookie }, `ready ${Math.random()}`, theirProject));
    const strangerHeard = strangerSub.items.length;

    await uploadDocument(api, { cookie: coraCookie }, projectId, 'brief.pdf', fileBytes(64));
    await post({ cookie: coraCookie }, 'Here is the brief');
    const summaries = [
      'Cora Contact uploaded brief.pdf to Website relaunch',
      'Cora Contact posted a message in Website relaunch: “Here is the brief”',
    ];
    for (const sub of [ownerSub, bobSub])
      await waitFor(
        async () => summaries.every((s) => sub.items.some((i) => i.notificationAdded.summary === s)),
        'both notifications',
      );
    const { rows } = await api.db.owner.query(
      `SELECT id, member_id FROM notifications WHERE workspace_id = $1`,
      [ws.workspaceId],
    );
    const owned = (memberId: string) =>
      new Set(rows.filter((r) => r.member_id === memberId).map((r) => r.id));
    // Each member heard their own rows only, unread, with the console's link.
    expect(ownerSub.items.every((i) => owned(ws.ownerId).has(i.notificationAdded.id))).toBe(true);
    expect(bobSub.items.every((i) => owned(bob.id).has(i.notificationAdded.id))).toBe(true);
    const upload = bobSub.items.find(
      (i) => i.notificationAdded.type === 'DocumentUploaded',
    )!.notificationAdded;
    expect(upload).toMatchObject({ read: false, link: `/app/projects/${projectId}?tab=files` });
    // Heard by both members by now, and by the other workspace's member never.
    expect(strangerSub.items.length).toBe(strangerHeard);
    expect(strangerSub.items.every((i) => i.notificationAdded.summary.startsWith('Tim Theirs'))).toBe(true);
    expect(strangerSub.errors).toEqual([]);
    for (const client of [owner, console, stranger]) await client.dispose();
  });

  test('a contact subscribing is refused FORBIDDEN', async () => {
    const contact = liveClient(api.url, { cookie: coraCookie, origin });
    const sub = contact.subscribe<Added>(NOTIFICATIONS, {});
    await waitFor(async () => sub.ended, 'the refusal');
    expect(sub.errors[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(sub.items).toEqual([]);
    await contact.dispose();
  });
});
