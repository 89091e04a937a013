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
  deliveries,
  requestSignInLink,
  resetCheckpoint,
  sleep,
  startEmailPipeline,
  testQueuePrefix,
  waitFor,
  type EmailPipeline,
  type TestContact,
} from '../../test/email.fixture';
import { SendGridDouble } from '../../test/sendgrid.double';
import { emailJobId } from './email.jobs';

const PUBLIC_URL = 'https://portal.example.test';
const UPDATE_BRANDING = `mutation($input: BrandingInput!) { updateBranding(input: $input) { branding { companyName } } }`;
const REMOVE_CONTACT = `mutation($contactId: ID!) { removeContact(contactId: $contactId) { id } }`;

/** The text/plain and text/html parts of a captured send. */
function parts(mail: any): { text: string; html: string } {
  const by = Object.fromEntries(mail.content.map((c: { type: string; value: string }) => [c.type, c.value]));
  return { text: by['text/plain'], html: by['text/html'] };
}

describe('sign-in emails: dispatcher, queue, worker and SendGrid', () => {
  let double: SendGridDouble;
  let api: TestApi;
  let ws: TestWorkspace;
  let ava: TestContact;
  let bob: TestContact;
  let clientId: string;
  let pipeline: EmailPipeline;

  beforeAll(async () => {
    double = await SendGridDouble.start();
    api = await startTestApi({
      SENDGRID_API_KEY: 'test-key',
      SENDGRID_API_URL: double.url,
      EMAIL_FROM: 'portal@studio.test',
      PUBLIC_URL,
    });
    ws = await createTestWorkspace(api);
    const client = await createClientWithContacts(api, ws, [
      { name: 'Ava Contact', email: 'ava@client.test' },
      { name: 'Bob Contact', email: 'bob@client.test' },
    ]);
    clientId = client.clientId;
    [ava, bob] = client.contacts;
    pipeline = startEmailPipeline(api.context, {
      prefix: testQueuePrefix(),
      mailer: createMailer(api.context.config, api.context.pool),
    });
  });

  afterAll(async () => {
    await pipeline?.stopAndClean();
    await api?.stop();
    await double?.stop();
  });

  beforeEach(() => double.reset());

  const sql = async (text: string, values: unknown[] = []) => (await api.db.owner.query(text, values)).rows;
  const outboxRow = async (eventId: string) =>
    (await sql('SELECT * FROM email_outbox WHERE event_id = $1', [eventId]))[0];
  const delivery = async (eventId: string) =>
    (await sql('SELECT * FROM email_deliveries WHERE event_id = $1', [eventId]))[0];
  const settled = (eventId: string, status = 'sent') =>
    waitFor(async () => {
      const row = await delivery(eventId);
      return row?.status === status ? row : null;
    }, `delivery of ${eventId} ${status}`);
  const signIn = (contact: TestContact, expiresInMs?: number) =>
    requestSignInLink(
      api.context,
      { workspaceId: ws.workspaceId, clientId, contactId: contact.id },
      expiresInMs,
    );

  it('sends one message to the contact, from EMAIL_FROM, with the link in the text and the HTML, in the default branding', async () => {
    const { eventId, token } = await signIn(ava);
    const row = await settled(eventId);
    const [request] = await double.waitForRequests(1);

    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v3/mail/send');
    expect(request.headers.authorization).toBe('Bearer test-key');
    const mail = request.body;
    expect(mail.personalizations).toHaveLength(1);
    expect(mail.personalizations[0].to).toEqual([{ email: 'ava@client.test', name: 'Ava Contact' }]);
    const [company] = await sql('SELECT company_name FROM workspaces WHERE id = $1', [ws.workspaceId]);
    expect(mail.from).toEqual({ email: 'portal@studio.test', name: company.company_name });
    expect(mail.subject).toBe(`Your sign-in link for ${company.company_name}`);
    // A link with a secret in it must not be rewritten by SendGrid's click tracking.
    expect(mail.tracking_settings.click_tracking).toEqual({ enable: false, enable_text: false });

    const link = `${PUBLIC_URL}/p/${ws.slug}/auth?token=${token}`;
    const { text, html } = parts(mail);
    expect(text).toContain(link);
    expect(html).toContain(`href="${link}"`);
    expect(text).toContain(company.company_name);
    expect(html).toContain(company.company_name);
    expect(html).toContain('background:#3355ff');
    expect(text).toContain('Powered by Client Portal');
    expect(html).toContain('Powered by Client Portal');

    // Recorded; the outbox row is gone; no secret stays in Redis, the log or the deliveries.
    expect(row).toMatchObject({
      job_id: emailJobId('sign-in', eventId, ava.id),
      kind: 'sign-in',
      recipient: 'ava@client.test',
      workspace_id: ws.workspaceId,
      status: 'sent',
      attempts: 1,
      reason: null,
    });
    expect(row.provider_message_id).toMatch(/^double-/);
    expect(row.sent_at).toBeInstanceOf(Date);
    expect(await outboxRow(eventId)).toBeUndefined();
    const job = await waitFor(async () => {
      const job = await pipeline.emailQueue.queue.getJob(row.job_id);
      return job && (await job.getState()) === 'completed' ? job : null;
    }, 'the job completed');
    expect(job.data).toEqual({
      kind: 'sign-in',
      workspaceId: ws.workspaceId,
      eventId,
      to: { email: 'ava@client.test', name: 'Ava Contact' },
      expiresAt: expect.any(String),
    });
    const leaks = await sql(
      `SELECT (SELECT count(*)::int FROM es_events WHERE data::text LIKE $1 OR metadata::text LIKE $1) AS events,
              (SELECT count(*)::int FROM email_deliveries d WHERE to_jsonb(d)::text LIKE $1) AS deliveries`,
      [`%${token}%`],
    );
    expect(leaks[0]).toEqual({ events: 0, deliveries: 0 });
  });

  it('uses the branding of the moment: company name escaped, accent colour, no Powered-by line when showYourBrand', async () => {
    ok(
      await api.gql(
        UPDATE_BRANDING,
        { input: { companyName: 'Acme & <Co>', accentColor: '#AA3300', showYourBrand: true } },
        ws.token,
      ),
    );
    const { eventId, token } = await signIn(bob);
    await settled(eventId);
    const [{ body: mail }] = await double.waitForRequests(1);
    const { text, html } = parts(mail);
    expect(mail.personalizations[0].to).toEqual([{ email: 'bob@client.test', name: 'Bob Contact' }]);
    expect(mail.from.name).toBe('Acme & <Co>');
    expect(mail.subject).toBe('Your sign-in link for Acme & <Co>');
    expect(html).toContain('Acme &amp; &lt;Co&gt;');
    expect(html).not.toContain('<Co>');
    expect(text).toContain('Acme & <Co>');
    expect(html).toContain('background:#aa3300');
    expect(html).not.toContain('#3355ff');
    expect(text).not.toContain('Powered by');
    expect(html).not.toContain('Powered by');
    expect(text).toContain(`${PUBLIC_URL}/p/${ws.slug}/auth?token=${token}`);

    ok(await api.gql(UPDATE_BRANDING, { input: { showYourBrand: false } }, ws.token));
    const second = await signIn(bob);
    await settled(second.eventId);
    const [, { body: next }] = await double.waitForRequests(2);
    expect(parts(next).html).toContain('Powered by Client Portal');
    expect(parts(next).text).toContain('Powered by Client Portal');
  });

  it('exactly once: replaying the log from the start sends nothing again, even with the outbox row back', async () => {
    const { eventId, token } = await signIn(ava);
    const sent = await settled(eventId);
    await double.waitForRequests(1);
    expect(await outboxRow(eventId)).toBeUndefined();
    const processed = pipeline.runner.processedEvents;

    // A replay: the dispatcher reads every SignInLinkRequested again; their outbox rows are gone.
    await resetCheckpoint(api.db);
    await waitFor(async () => pipeline.runner.processedEvents > processed, 'the replay');
    await sleep(300);
    expect(double.requests).toHaveLength(1);

    // As if the batch had been queued and then rolled back: the outbox row is there again.
    // The job id is the same, BullMQ still holds the job, and nothing is queued or sent.
    await sql('INSERT INTO email_outbox (event_id, workspace_id, payload) VALUES ($1, $2, $3)', [
      eventId,
      ws.workspaceId,
      JSON.stringify({ kind: 'sign-in', token }),
    ]);
    await resetCheckpoint(api.db);
    await waitFor(async () => !(await outboxRow(eventId)), 'the outbox row dispatched again');
    await sleep(300);
    expect(double.requests).toHaveLength(1);
    const job = await pipeline.emailQueue.queue.getJob(sent.job_id);
    expect(await job!.getState()).toBe('completed');
    expect(job!.data).not.toHaveProperty('sealedLink');
    expect((await deliveries(api.db)).filter((d) => d.event_id === eventId)).toHaveLength(1);
  });

  it('retries 429 and 500: one delivery, sent after 3 attempts', async () => {
    double.answerNext(429).answerNext(500);
    const { eventId } = await signIn(ava);
    const row = await settled(eventId);
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(double.requests.map((r) => r.status)).toEqual([429, 500, 202]);
    // The same message each time.
    expect(new Set(double.requests.map((r) => JSON.stringify(r.body))).size).toBe(1);
  });

  it('a 400 is final: failed with SendGrid’s reason, not retried, and the link leaves Redis', async () => {
    double.answerNext(400);
    const { eventId } = await signIn(ava);
    const row = await settled(eventId, 'failed');
    expect(row.attempts).toBe(1);
    expect(row.reason).toContain('SendGrid answered 400');
    expect(row.reason).toContain('does not match a verified Sender Identity');
    expect(row.sent_at).toBeNull();
    // The state first, then the job: a job read while still active, then found
    // failed, carries the attempts it had before it failed.
    const job = await waitFor(async () => {
      const state = await pipeline.emailQueue.queue.getJobState(row.job_id);
      return state === 'failed' ? pipeline.emailQueue.queue.getJob(row.job_id) : null;
    }, 'the job failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.data).not.toHaveProperty('sealedLink');
    await sleep(300);
    expect(double.requests).toHaveLength(1);
  });

  it('a link that expired before it could be sent is not sent', async () => {
    const { eventId } = await signIn(ava, -1_000);
    const row = await settled(eventId, 'failed');
    expect(row.reason).toContain('expired');
    expect(double.requests).toHaveLength(0);
  });

  it('a removed contact gets nothing, and the outbox row goes all the same', async () => {
    ok(await api.gql(REMOVE_CONTACT, { contactId: bob.id }, ws.token));
    const { eventId } = await signIn(bob);
    await waitFor(async () => !(await outboxRow(eventId)), 'the outbox row dispatched');
    await sleep(300);
    expect(double.requests).toHaveLength(0);
    expect(await delivery(eventId)).toBeUndefined();
  });
});
