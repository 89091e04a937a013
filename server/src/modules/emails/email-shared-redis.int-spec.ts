import type { Job } from 'bullmq';
import { DevMailboxMailer } from '../../integrations/dev-mailbox.mailer';
import { createTestWorkspace, startTestApi, type TestApi, type TestWorkspace } from '../../test/api.harness';
import {
  createClientWithContacts,
  requestSignInLink,
  startEmailPipeline,
  testQueuePrefix,
  waitFor,
  type EmailPipeline,
  type TestContact,
} from '../../test/email.fixture';
import { captureLogs } from '../../test/log.capture';
import { emailJobId, type EmailJobData } from './email.jobs';
import { EmailWorker } from './email.worker';

/** Two installs of the portal on one Redis, each with a database of its own. */
describe('two installs on one Redis', () => {
  let a: TestApi;
  let b: TestApi;
  let ws: TestWorkspace;
  let contacts: TestContact[];
  let clientId: string;
  const pipelines: EmailPipeline[] = [];
  const workers: EmailWorker[] = [];
  const mailbox = (api: TestApi) => new DevMailboxMailer(api.context.pool, 'portal@localhost');
  const rows = async (api: TestApi, sql: string) => (await api.db.owner.query(sql)).rows;

  beforeAll(async () => {
    // No REDIS_PREFIX: the default, as an install that sets none has it.
    [a, b] = await Promise.all([startTestApi({ REDIS_PREFIX: '' }), startTestApi({ REDIS_PREFIX: '' })]);
    ws = await createTestWorkspace(a);
    ({ clientId, contacts } = await createClientWithContacts(
      a,
      ws,
      Array.from({ length: 7 }, (_, i) => ({ name: `Contact ${i}`, email: `c${i}@shared.test` })),
    ));
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.close()));
    for (const pipeline of pipelines) await pipeline.stopAndClean();
    await Promise.all([a?.stop(), b?.stop()]);
  });

  const ask = (contact: TestContact) =>
    requestSignInLink(a.context, { workspaceId: ws.workspaceId, clientId, contactId: contact.id });

  it('have queues of their own by default (the database name), so every email goes out from its own', async () => {
    expect(a.context.queuePrefix).toBe(a.db.name);
    expect(b.context.queuePrefix).toBe(b.db.name);
    const [pa, pb] = [a, b].map((api) =>
      startEmailPipeline(api.context, { prefix: api.context.queuePrefix, mailer: mailbox(api) }),
    );
    pipelines.push(pa, pb);
    for (const contact of contacts) await ask(contact);
    await waitFor(
      async () => (await rows(a, `SELECT 1 FROM email_deliveries WHERE status = 'sent'`)).length === 7,
      'seven sign-in emails sent by the first install',
    );
    expect(await rows(a, 'SELECT to_address FROM dev_mailbox ORDER BY to_address')).toEqual(
      contacts.map((contact) => ({ to_address: contact.email })),
    );
    expect(await rows(b, 'SELECT * FROM email_deliveries')).toEqual([]);
    expect(await rows(b, 'SELECT * FROM dev_mailbox')).toEqual([]);
    await Promise.all([pa.stop(), pb.stop()]);
  });

  describe('on one prefix (REDIS_PREFIX given to both)', () => {
    const shared = testQueuePrefix();
    let dispatcher: EmailPipeline;
    const jobOf = async (eventId: string, contact: TestContact) =>
      (await dispatcher.emailQueue.queue.getJob(emailJobId('sign-in', eventId, contact.id))) as
        Job<EmailJobData> | undefined;

    beforeAll(() => {
      // The first install's dispatcher queues; its worker is not running yet.
      dispatcher = startEmailPipeline(a.context, { prefix: shared, mailer: mailbox(a), worker: false });
      pipelines.push(dispatcher);
    });

    it("the other install's worker puts a job back, a bounded number of times, then fails it saying why", async () => {
      const logs = captureLogs('warn');
      const other = new EmailWorker({
        pool: b.context.pool,
        documents: b.context.services.invoiceDocuments,
        redisUrl: b.context.config.REDIS_URL,
        prefix: shared,
        mailer: mailbox(b),
        logger: logs.logger,
        putBack: { limit: 3, firstDelayMs: 50, maxDelayMs: 50 },
      });
      workers.push(other);
      const { eventId } = await ask(contacts[0]);
      // Read again once failed: a job read before it failed carries no failedReason yet.
      const job = await waitFor(async () => {
        const found = await jobOf(eventId, contacts[0]);
        return found && (await found.getState()) === 'failed' ? jobOf(eventId, contacts[0]) : null;
      }, 'the job failed');
      expect(job.failedReason).toMatch(
        /^workspace \S+ is not in this worker's database, .* 3 put-backs: give each install its own REDIS_PREFIX/,
      );
      expect(job.data.putBacks).toBe(3);
      expect(job.data).not.toHaveProperty('sealedLink');
      expect(logs.warnings().filter((line) => /put back$/.test(String(line.msg)))).toHaveLength(3);
      expect(logs.lines.filter((line) => line.level === 50)).toHaveLength(1);
      // Not the other install's email: nothing of it in either database's deliveries.
      expect(await rows(b, 'SELECT * FROM email_deliveries')).toEqual([]);
      expect(await rows(a, `SELECT * FROM email_deliveries WHERE event_id = '${eventId}'`)).toEqual([]);
      await other.close();
    });

    it("its own install's worker then takes the job it put back, and sends it", async () => {
      const other = new EmailWorker({
        pool: b.context.pool,
        documents: b.context.services.invoiceDocuments,
        redisUrl: b.context.config.REDIS_URL,
        prefix: shared,
        mailer: mailbox(b),
        logger: captureLogs('error').logger,
        // Never gives up here: the first install's worker, once running, must win the job from it.
        putBack: { limit: 10_000, firstDelayMs: 200, maxDelayMs: 200 },
      });
      workers.push(other);
      const { eventId } = await ask(contacts[1]);
      // Only the other install's worker runs: it puts the job back, again and again.
      await waitFor(
        async () => ((await jobOf(eventId, contacts[1]))?.data.putBacks ?? 0) >= 2,
        'two put-backs',
      );
      expect(await rows(b, 'SELECT * FROM email_deliveries')).toEqual([]);

      workers.push(
        new EmailWorker({
          pool: a.context.pool,
          documents: a.context.services.invoiceDocuments,
          redisUrl: a.context.config.REDIS_URL,
          prefix: shared,
          mailer: mailbox(a),
          logger: a.context.logger,
        }),
      );
      await waitFor(
        async () =>
          (await jobOf(eventId, contacts[1]))?.finishedOn && (await jobOf(eventId, contacts[1]))!.returnvalue,
        'the job sent by its own install',
        45_000,
      );
      const job = (await jobOf(eventId, contacts[1]))!;
      expect(await job.getState()).toBe('completed');
      expect(job.attemptsMade).toBe(1);
      expect(await rows(a, `SELECT status FROM email_deliveries WHERE event_id = '${eventId}'`)).toEqual([
        { status: 'sent' },
      ]);
      // One more in the first install's mailbox than its own queue's email of the first test.
      expect(
        await rows(a, `SELECT to_address FROM dev_mailbox WHERE to_address = '${contacts[1].email}'`),
      ).toHaveLength(2);
      expect(await rows(b, 'SELECT * FROM email_deliveries')).toEqual([]);
    });
  });
});
