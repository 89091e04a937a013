import { createMailer } from '../../integrations/mailer.factory';
import { createTestWorkspace, startTestApi, type TestApi, type TestWorkspace } from '../../test/api.harness';
import {
  createClientWithContacts,
  requestSignInLink,
  sleep,
  startEmailPipeline,
  testQueuePrefix,
  waitFor,
  type EmailPipeline,
  type TestContact,
} from '../../test/email.fixture';
import { TestRedisServer } from '../../test/redis-server';
import { SendGridDouble } from '../../test/sendgrid.double';

describe('sign-in emails while Redis is away', () => {
  let redis: TestRedisServer;
  let double: SendGridDouble;
  let api: TestApi;
  let ws: TestWorkspace;
  let contact: TestContact;
  let clientId: string;
  let pipeline: EmailPipeline;

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    double = await SendGridDouble.start();
    api = await startTestApi({ SENDGRID_API_KEY: 'test-key', SENDGRID_API_URL: double.url });
    ws = await createTestWorkspace(api);
    const client = await createClientWithContacts(api, ws, [
      { name: 'Ava Contact', email: 'ava@client.test' },
    ]);
    clientId = client.clientId;
    [contact] = client.contacts;
    pipeline = startEmailPipeline(api.context, {
      prefix: testQueuePrefix(),
      redisUrl: redis.url,
      mailer: createMailer(api.context.config, api.context.pool),
    });
  });

  afterAll(async () => {
    await redis?.start().catch(() => undefined);
    await pipeline?.stopAndClean();
    await redis?.stop();
    await api?.stop();
    await double?.stop();
  });

  const outboxRow = async (eventId: string) =>
    (await api.db.owner.query('SELECT 1 FROM email_outbox WHERE event_id = $1', [eventId])).rows[0];
  const status = async (eventId: string) =>
    (await api.db.owner.query('SELECT status FROM email_deliveries WHERE event_id = $1', [eventId])).rows[0]
      ?.status;
  const signIn = () =>
    requestSignInLink(api.context, { workspaceId: ws.workspaceId, clientId, contactId: contact.id });

  it('keeps the outbox row and sends nothing while Redis is down, then sends the email once Redis is back', async () => {
    // The pipeline works, connections made.
    const first = await signIn();
    await waitFor(async () => (await status(first.eventId)) === 'sent', 'the first email');
    expect(double.requests).toHaveLength(1);

    await redis.stop();
    const { eventId, token } = await signIn();
    await waitFor(async () => pipeline.dispatchErrors.length >= 2, 'the dispatcher to fail and retry');
    await sleep(500);
    expect(double.requests).toHaveLength(1);
    expect(await outboxRow(eventId)).toBeDefined();
    expect(await status(eventId)).toBeUndefined();
    // Queueing fails at once (no offline queue), rather than waiting for Redis inside the transaction.
    expect(String(pipeline.dispatchErrors.at(-1))).toMatch(/isn't writeable/);

    await redis.start();
    await waitFor(async () => (await status(eventId)) === 'sent', 'the email after Redis came back', 30_000);
    expect(await outboxRow(eventId)).toBeUndefined();
    expect(double.requests).toHaveLength(2);
    expect(JSON.stringify(double.requests[1].body)).toContain(`auth?token=${token}`);
  });

  it('a process that starts while Redis is down queues nothing until it is up, then sends the email once', async () => {
    await pipeline.stopAndClean();
    await redis.stop();
    // A fresh queue that never reached Redis: queueing waits for the connection, and gives up after a while.
    pipeline = startEmailPipeline(api.context, {
      prefix: testQueuePrefix(),
      redisUrl: redis.url,
      mailer: createMailer(api.context.config, api.context.pool),
    });
    double.reset();
    const { eventId } = await signIn();
    await waitFor(async () => pipeline.dispatchErrors.length >= 1, 'the dispatcher to give up once');
    expect(String(pipeline.dispatchErrors[0])).toMatch(/no answer/);
    expect(await outboxRow(eventId)).toBeDefined();

    await redis.start();
    await waitFor(async () => (await status(eventId)) === 'sent', 'the email after Redis came up', 30_000);
    await sleep(300);
    expect(double.requests).toHaveLength(1);
    expect(await outboxRow(eventId)).toBeUndefined();
  });
});
