import { randomUUID } from 'node:crypto';
import {
  createTestWorkspace,
  errorCode,
  ok,
  signInAsContact,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { createClientWithContacts, type TestContact } from '../../test/email.fixture';
import { inviteMember, signInAsMember, type TestMember } from '../../test/member.fixture';
import {
  appendContactEvent,
  caughtUp,
  notificationsRunner,
  postMessageAs,
} from '../../test/notification.fixture';
import { fileBytes, uploadDocument } from '../../test/upload.fixture';
import { NOTIFICATIONS_PROCESSOR } from './notification.processor';

const TASK_SETTINGS = `mutation { updateTaskSettings(input: { visibility: ALL,
  clientsCanCreate: true, clientsCanEdit: true, clientsCanComment: true }) { id } }`;
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const UPDATE_TASK = `mutation($id: ID!, $input: UpdateTaskInput!) { updateTask(id: $id, input: $input) { id } }`;
const COMMENT = `mutation($taskId: ID!, $body: String!) { commentOnTask(taskId: $taskId, body: $body) { id } }`;
const NOTIFICATIONS = `query($first: Int, $after: String, $unreadOnly: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    unreadCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id type summary read occurredAt actor { kind id name } project { id name } link } } } }`;
const MARK = `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`;

/**
 * Notifications from the log: what a contact does becomes one notification
 * per live member, exactly once across restarts and runners; each member
 * reads and marks only their own.
 */
describe('notifications for members', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let bob: TestMember;
  let bobCookie: { cookie: string };
  let removed: TestMember;
  let jane: TestContact;
  let janeCookie: { cookie: string };
  let clientId: string;
  let projectId: string;
  let expected: string[];

  const owner = (query: string, variables?: Record<string, unknown>) =>
    api.gql(query, variables, ws.token).then(ok);
  const counts = async () =>
    (
      await api.db.owner.query(
        `SELECT member_id, type, count(*)::int AS n FROM notifications GROUP BY member_id, type ORDER BY 1, 2`,
      )
    ).rows;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createTestWorkspace(api);
    bob = await inviteMember(api, ws, { name: 'Bob Member', email: `bob-${ws.slug}@studio.test` });
    bobCookie = await signInAsMember(api, bob.email, ws.workspaceId);
    removed = await inviteMember(api, ws, { name: 'Rita Removed', email: `rita-${ws.slug}@studio.test` });
    await owner(`mutation($id: ID!) { removeMember(id: $id) { id } }`, { id: removed.id });
    await owner(TASK_SETTINGS);
    const client = await createClientWithContacts(api, ws, [
      { name: 'Jane Smith', email: `jane-${ws.slug}@client.test` },
    ]);
    clientId = client.clientId;
    jane = client.contacts[0];
    projectId = (
      await owner(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website relaunch" }) { id } }`,
        {
          c: clientId,
        },
      )
    ).createProject.id;

    // What Jane does: sign in (twice: only the first tells), upload, create, edit and comment on a task,
    // post a message and pay; what the owner does tells no one.
    janeCookie = await signInAsContact(api, ws.slug, jane.email);
    await signInAsContact(api, ws.slug, jane.email);
    await uploadDocument(api, janeCookie, projectId, 'brief.pdf', fileBytes(64));
    const task = (
      await api.gql(CREATE_TASK, { input: { projectId, title: 'Logo ideas' } }, janeCookie).then(ok)
    ).createTask;
    await api.gql(UPDATE_TASK, { id: task.id, input: { title: 'Logo ideas, round 2' } }, janeCookie).then(ok);
    await api.gql(COMMENT, { taskId: task.id, body: 'I like the blue one' }, janeCookie).then(ok);
    await postMessageAs(api.context, ws.workspaceId, jane, { projectId, clientId }, 'Hello from Jane');
    const invoiceId = randomUUID();
    await appendContactEvent(api.context, ws.workspaceId, jane, `invoice-${invoiceId}`, 'PaymentRecorded', {
      workspaceId: ws.workspaceId,
      clientId,
      projectId,
      invoiceId,
      paymentId: randomUUID(),
      amount: 12_000,
      currency: 'EUR',
      method: 'stripe',
      note: null,
      receivedAt: new Date().toISOString(),
      reference: 'pi_test',
      amountPaid: 12_000,
      status: 'PAID',
    });
    await owner(CREATE_TASK, { input: { projectId, title: 'Internal by the owner' } });
    await owner(COMMENT, { taskId: task.id, body: 'Noted, thanks' });
    expected = [
      'ContactSignedIn',
      'DocumentUploaded',
      'MessagePosted',
      'PaymentRecorded',
      'TaskCommented',
      'TaskCreated',
      'TaskUpdated',
    ];
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('makes one notification per live member for each contact action, none for members’ own, none for a removed member; exactly once across a restart mid-way and two runners', async () => {
    // A runner of one event a batch that stops itself after its third: the rest waits for the next start.
    // (Stopped from a poll instead, a fast runner had sometimes handled every event before the poll saw three.)
    const first = notificationsRunner(api.context, 1);
    const handle = first.processor.handle.bind(first.processor);
    let handled = 0;
    first.processor.handle = async (events, db) => {
      const afterCommit = await handle(events, db);
      if (++handled === 3) void first.stop();
      return afterCommit;
    };
    first.start();
    const { waitFor } = await import('../../test/email.fixture');
    await waitFor(async () => first.processedEvents >= 3, 'a few events processed');
    await first.stop();
    const partial = (await counts()).length;
    expect(partial).toBeLessThan(expected.length * 2);

    const again = notificationsRunner(api.context, 1);
    again.start();
    await caughtUp(api.context);
    await again.stop();

    const rows = await counts();
    const byMember = (id: string) => rows.filter((r) => r.member_id === id);
    for (const member of [ws.ownerId, bob.id]) {
      expect(byMember(member).map((r) => r.type)).toEqual(expected);
      expect(byMember(member).every((r) => r.n === 1)).toBe(true);
    }
    expect(byMember(removed.id)).toEqual([]);
    const summaries = (
      await api.db.owner.query('SELECT summary FROM notifications WHERE member_id = $1', [bob.id])
    ).rows.map((r) => r.summary);
    expect(summaries).toContain('Jane Smith uploaded brief.pdf to Website relaunch');
    expect(summaries).toContain('Jane Smith signed in to the portal for the first time');
    expect(summaries).toContain('Jane Smith paid €120.00 on an invoice of Website relaunch');

    // The whole log again, from the start, by two runners at once: nothing more.
    await api.db.owner.query(
      `UPDATE es_checkpoints SET transaction_id = '0', global_position = 0 WHERE processor = $1`,
      [NOTIFICATIONS_PROCESSOR],
    );
    const errors: unknown[] = [];
    const two = [notificationsRunner(api.context, 2, errors), notificationsRunner(api.context, 2, errors)];
    two.forEach((runner) => runner.start());
    await caughtUp(api.context);
    await Promise.all(two.map((runner) => runner.stop()));
    expect(await counts()).toEqual(rows);
    expect(errors).toEqual([]);
  });

  it('lists the member’s own notifications newest first by cursor, with the unread count, and marks them read', async () => {
    const page1 = ok(await api.gql(NOTIFICATIONS, { first: 3 }, bobCookie)).notifications;
    expect(page1.unreadCount).toBe(expected.length);
    expect(page1.edges).toHaveLength(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page1.edges[0].node.type).toBe('PaymentRecorded');
    expect(page1.edges[0].node.actor).toEqual({ kind: 'CONTACT', id: jane.id, name: 'Jane Smith' });
    expect(page1.edges[0].node.project).toEqual({ id: projectId, name: 'Website relaunch' });
    const page2 = ok(
      await api.gql(NOTIFICATIONS, { first: 10, after: page1.pageInfo.endCursor }, bobCookie),
    ).notifications;
    expect(page2.edges).toHaveLength(expected.length - 3);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const all = [...page1.edges, ...page2.edges].map((e) => e.node);
    expect(new Set(all.map((n) => n.id)).size).toBe(expected.length);
    const times = all.map((n) => Date.parse(n.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(all.find((n) => n.type === 'DocumentUploaded').link).toBe(`/app/projects/${projectId}?tab=files`);

    // One of Bob's, then the owner's ids as Bob: only his own change.
    const ownerIds = ok(await api.gql(NOTIFICATIONS, { first: 20 }, ws.token)).notifications.edges.map(
      (e: any) => e.node.id,
    );
    expect(ok(await api.gql(MARK, { ids: [all[0].id] }, bobCookie)).markNotificationsRead).toBe(1);
    expect(ok(await api.gql(MARK, { ids: [all[0].id] }, bobCookie)).markNotificationsRead).toBe(0);
    expect(ok(await api.gql(MARK, { ids: ownerIds }, bobCookie)).markNotificationsRead).toBe(0);
    const unread = ok(await api.gql(NOTIFICATIONS, { unreadOnly: true }, bobCookie)).notifications;
    expect(unread.unreadCount).toBe(expected.length - 1);
    expect(unread.edges.map((e: any) => e.node.id)).not.toContain(all[0].id);
    expect(ok(await api.gql(MARK, { ids: null }, bobCookie)).markNotificationsRead).toBe(expected.length - 1);
    expect(ok(await api.gql(NOTIFICATIONS, {}, bobCookie)).notifications.unreadCount).toBe(0);
    // The owner's stay unread.
    expect(ok(await api.gql(NOTIFICATIONS, {}, ws.token)).notifications.unreadCount).toBe(expected.length);
  });

  it('another workspace sees none and marks none; a contact is FORBIDDEN, nobody UNAUTHENTICATED', async () => {
    const other = await createTestWorkspace(api, 'Olga Other');
    const ownerIds = ok(await api.gql(NOTIFICATIONS, {}, ws.token)).notifications.edges.map(
      (e: any) => e.node.id,
    );
    const theirs = ok(await api.gql(NOTIFICATIONS, {}, other.token)).notifications;
    expect(theirs).toEqual({ unreadCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
    expect(ok(await api.gql(MARK, { ids: ownerIds }, other.token)).markNotificationsRead).toBe(0);
    expect(ok(await api.gql(MARK, { ids: null }, other.token)).markNotificationsRead).toBe(0);
    expect(ok(await api.gql(NOTIFICATIONS, {}, ws.token)).notifications.unreadCount).toBe(expected.length);
    expect(errorCode(await api.gql(NOTIFICATIONS, {}, janeCookie))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(MARK, { ids: null }, janeCookie))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(NOTIFICATIONS, {}))).toBe('UNAUTHENTICATED');
  });

  it('sets the member’s own email choice and the workspace’s time zone as events; a bad zone is refused at timeZone and appends nothing', async () => {
    const SETTINGS = `mutation($m: EmailNotificationMode!) { updateNotificationSettings(emailNotifications: $m) { id emailNotifications } }`;
    const TZ = `mutation($tz: String!) { setWorkspaceTimeZone(timeZone: $tz) { id timeZone } }`;
    expect(
      ok(
        await api.gql(
          `{ viewer { ... on MemberViewer { member { emailNotifications } workspace { timeZone } } } }`,
          {},
          bobCookie,
        ),
      ).viewer,
    ).toEqual({
      member: { emailNotifications: 'INSTANT' },
      workspace: { timeZone: 'UTC' },
    });
    expect(ok(await api.gql(SETTINGS, { m: 'DAILY_DIGEST' }, bobCookie)).updateNotificationSettings).toEqual({
      id: bob.id,
      emailNotifications: 'DAILY_DIGEST',
    });
    const team = ok(
      await api.gql(
        `{ viewer { ... on MemberViewer { workspace { members { id emailNotifications } } } } }`,
        {},
        ws.token,
      ),
    );
    expect(team.viewer.workspace.members).toEqual(
      expect.arrayContaining([
        { id: ws.ownerId, emailNotifications: 'INSTANT' },
        { id: bob.id, emailNotifications: 'DAILY_DIGEST' },
      ]),
    );
    expect(ok(await api.gql(TZ, { tz: 'Europe/Paris' }, bobCookie)).setWorkspaceTimeZone.timeZone).toBe(
      'Europe/Paris',
    );
    const events = async () =>
      (
        await api.db.owner.query(`SELECT type FROM es_events WHERE stream_id = $1 ORDER BY stream_position`, [
          `workspace-${ws.workspaceId}`,
        ])
      ).rows.map((r) => r.type);
    const before = await events();
    expect(before.slice(-2)).toEqual(['EmailNotificationsChanged', 'WorkspaceTimeZoneSet']);
    const refused = await api.gql(TZ, { tz: 'Mars/Olympus_Mons' }, ws.token);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].extensions?.field).toBe('timeZone');
    expect(await events()).toEqual(before);
    expect(errorCode(await api.gql(SETTINGS, { m: 'OFF' }, janeCookie))).toBe('FORBIDDEN');
  });
});
