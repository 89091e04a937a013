import { createMailer } from '../../integrations/mailer.factory';
import {
  createTestWorkspace,
  ok,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import {
  createClientWithContacts,
  startEmailPipeline,
  testQueuePrefix,
  waitFor,
  type EmailPipeline,
  type TestContact,
} from '../../test/email.fixture';
import { inviteMember } from '../../test/member.fixture';
import { caughtUp, notificationsRunner, uploadAs } from '../../test/notification.fixture';
import { SendGridDouble } from '../../test/sendgrid.double';
import { runNotificationEmails } from './notification-emails';

const PUBLIC_URL = 'https://portal.example.test';

/** Notification emails by the member's mode, under an injected clock, through the email worker and SendGrid's double. */
describe('notification emails', () => {
  let sendgrid: SendGridDouble;
  let api: TestApi;
  let pipeline: EmailPipeline;
  let ws: TestWorkspace;
  let jane: TestContact;
  let ids: { workspaceId: string; clientId: string; projectId: string };

  const run = (now: Date) =>
    runNotificationEmails({
      pool: api.context.pool,
      queue: () => pipeline.emailQueue.queue,
      publicUrl: PUBLIC_URL,
      now,
    });
  const process = async () => {
    const runner = notificationsRunner(api.context);
    runner.start();
    await caughtUp(api.context);
    await runner.stop();
  };
  const mailsTo = (email: string) =>
    sendgrid.mails.filter(
      (mail) =>
        mail.categories?.includes('notification') &&
        mail.personalizations[0].to.some((to: any) => to.email === email),
    );

  beforeAll(async () => {
    sendgrid = await SendGridDouble.start();
    api = await startTestApi({
      PUBLIC_URL,
      SENDGRID_API_KEY: 'test-key',
      SENDGRID_API_URL: sendgrid.url,
    });
    pipeline = startEmailPipeline(api.context, {
      prefix: testQueuePrefix(),
      mailer: createMailer(api.context.config, api.context.pool),
    });
  });
  afterAll(async () => {
    await pipeline?.stopAndClean();
    await api?.stop();
    await sendgrid?.stop();
  });

  beforeEach(async () => {
    ws = await createTestWorkspace(api);
    const client = await createClientWithContacts(api, ws, [
      { name: 'Jane Smith', email: `jane-${ws.slug}@c.test` },
    ]);
    jane = client.contacts[0];
    const projectId = ok(
      await api.gql(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website relaunch" }) { id } }`,
        { c: client.clientId },
        ws.token,
      ),
    ).createProject.id;
    ids = { workspaceId: ws.workspaceId, clientId: client.clientId, projectId };
  });

  it('INSTANT: two uploads within a minute make one email listing both; a third after it, a second email; Reply-To and console links', async () => {
    await uploadAs(api.context, ids, jane, 'brief.pdf');
    await uploadAs(api.context, ids, jane, 'logo.png');
    await process();
    expect(await run(new Date(Date.now() + 30_000))).toEqual({ instant: 0, digests: 0 });
    expect(await run(new Date(Date.now() + 61_000))).toEqual({ instant: 1, digests: 0 });
    const first = await waitFor(async () => mailsTo(ws.ownerEmail)[0], 'the first email');
    const text = first.content.find((c: any) => c.type === 'text/plain').value as string;
    expect(first.subject).toBe('2 new notifications in Website relaunch');
    expect(text).toContain('Jane Smith uploaded brief.pdf to Website relaunch');
    expect(text).toContain('Jane Smith uploaded logo.png to Website relaunch');
    expect(text).toContain(`${PUBLIC_URL}/app/projects/${ids.projectId}?tab=files`);
    // The workspace's own reply address (here its owner's), as every email of the workspace.
    expect(first.reply_to.email).toBe(ws.ownerEmail);

    await uploadAs(api.context, ids, jane, 'final.pdf');
    await process();
    // Two runs at once (two workers): one email.
    const runs = await Promise.all([run(new Date(Date.now() + 61_000)), run(new Date(Date.now() + 61_000))]);
    expect(runs.reduce((n, r) => n + r.instant, 0)).toBe(1);
    const second = await waitFor(async () => mailsTo(ws.ownerEmail)[1], 'the second email');
    expect(second.subject).toBe('Jane Smith uploaded final.pdf to Website relaunch');
    expect(await run(new Date(Date.now() + 600_000))).toEqual({ instant: 0, digests: 0 });
    expect(mailsTo(ws.ownerEmail)).toHaveLength(2);
  });

  it('DAILY_DIGEST: one email at 08:00 in the workspace’s zone (Europe/Paris), once with two workers; OFF: none', async () => {
    const off = await inviteMember(api, ws, { name: 'Otto Off', email: `otto-${ws.slug}@studio.test` });
    const SET = `mutation($m: EmailNotificationMode!) { updateNotificationSettings(emailNotifications: $m) { id } }`;
    ok(await api.gql(SET, { m: 'DAILY_DIGEST' }, ws.token));
    // Otto's own choice (the outbox of his sign-in link is the running pipeline's: through the service).
    await api.context.services.notifications.setEmailNotifications(
      {
        kind: 'MEMBER',
        memberId: off.id,
        workspaceId: ws.workspaceId,
        name: off.name,
        email: off.email,
        role: 'MEMBER',
        tokenId: null,
        sessionId: null,
      },
      'OFF',
      'test-otto',
    );
    ok(await api.gql(`mutation { setWorkspaceTimeZone(timeZone: "Europe/Paris") { id } }`, {}, ws.token));
    await uploadAs(api.context, ids, jane, 'brief.pdf');
    await uploadAs(api.context, ids, jane, 'contract.pdf');
    await process();
    // The next 08:00 in Paris after these notifications.
    const { rows } = await api.db.owner.query(
      `SELECT t + CASE WHEN t <= now() THEN interval '1 day' ELSE interval '0' END AS at FROM
       (SELECT (date_trunc('day', now() AT TIME ZONE 'Europe/Paris') + interval '8 hours') AT TIME ZONE 'Europe/Paris' AS t) s`,
    );
    const eight = new Date(rows[0].at);
    expect(await run(new Date(eight.getTime() - 60_000))).toEqual({ instant: 0, digests: 0 });
    const runs = await Promise.all([
      run(new Date(eight.getTime() + 60_000)),
      run(new Date(eight.getTime() + 60_000)),
    ]);
    expect(runs.reduce((n, r) => n + r.digests, 0)).toBe(1);
    expect(await run(new Date(eight.getTime() + 3 * 3600_000))).toEqual({ instant: 0, digests: 0 });
    const digest = await waitFor(async () => mailsTo(ws.ownerEmail)[0], 'the digest');
    expect(digest.subject).toBe('Your daily summary: 2 notifications');
    const text = digest.content.find((c: any) => c.type === 'text/plain').value as string;
    expect(text).toContain('Website relaunch');
    expect(text).toContain('Jane Smith uploaded contract.pdf to Website relaunch');
    expect(digest.reply_to.email).toBe(ws.ownerEmail);
    // Otto has his notifications in the console, and no email at all.
    const otto = await api.db.owner.query(
      'SELECT count(*)::int AS n FROM notifications WHERE member_id = $1',
      [off.id],
    );
    expect(otto.rows[0].n).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailsTo(off.email)).toEqual([]);
    expect(mailsTo(ws.ownerEmail)).toHaveLength(1);
  });
});
