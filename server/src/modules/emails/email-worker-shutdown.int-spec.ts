import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createTestWorkspace, startTestApi, type TestApi, type TestWorkspace } from '../../test/api.harness';
import {
  createClientWithContacts,
  requestSignInLink,
  testQueuePrefix,
  type TestContact,
} from '../../test/email.fixture';
import { SendGridDouble } from '../../test/sendgrid.double';
import { createEmailQueue } from './email.queue';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('the worker process on SIGTERM', () => {
  let double: SendGridDouble;
  let api: TestApi;
  let ws: TestWorkspace;
  let contact: TestContact;
  let clientId: string;
  let child: ChildProcess | null = null;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    double = await SendGridDouble.start();
    api = await startTestApi();
    ws = await createTestWorkspace(api);
    const client = await createClientWithContacts(api, ws, [
      { name: 'Ava Contact', email: 'ava@client.test' },
    ]);
    clientId = client.clientId;
    [contact] = client.contacts;
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    const { queue, close } = createEmailQueue(api.context.config.REDIS_URL, { prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await close();
    await api?.stop();
    await double?.stop();
  });

  function spawnWorker(): ChildProcess {
    return spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'server/src/test/fixtures/email-worker.process.ts'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_URL: api.db.url,
          SENDGRID_API_KEY: 'test-key',
          SENDGRID_API_URL: double.url,
          PUBLIC_URL: 'http://portal.test',
          REDIS_PREFIX: prefix,
        },
      },
    );
  }

  async function ready(worker: ChildProcess): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      worker.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      worker.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
    });
  }

  it('finishes the send in hand, records it, then exits 0', async () => {
    const worker = spawnWorker();
    child = worker;
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      worker.once('exit', (code) => resolve({ code, at: Date.now() })),
    );
    await ready(worker);

    double.delayAnswers(1_500);
    const { eventId } = await requestSignInLink(api.context, {
      workspaceId: ws.workspaceId,
      clientId,
      contactId: contact.id,
    });
    const [request] = await double.waitForRequests(1);
    expect(request.answeredAt).toBeUndefined();
    worker.kill('SIGTERM');
    const { code, at } = await exited;

    expect(code).toBe(0);
    expect(request.status).toBe(202);
    expect(request.answeredAt).toBeLessThanOrEqual(at);
    const { rows } = await api.db.owner.query(
      'SELECT status, attempts, provider_message_id FROM email_deliveries WHERE event_id = $1',
      [eventId],
    );
    expect(rows).toEqual([
      { status: 'sent', attempts: 1, provider_message_id: expect.stringMatching(/^double-/) },
    ]);
    expect(double.requests).toHaveLength(1);
    // Completed in Redis before the process went, its link removed.
    const { queue, close } = createEmailQueue(api.context.config.REDIS_URL, { prefix });
    try {
      const [job] = await queue.getJobs(['completed']);
      expect(job.data.eventId).toBe(eventId);
      expect(job.data).not.toHaveProperty('sealedLink');
    } finally {
      await close();
    }
  });

  it('killed mid-send (SIGKILL), it leaves a row that says the outcome is unknown, not nothing', async () => {
    const worker = spawnWorker();
    child = worker;
    await ready(worker);
    double.reset();
    double.delayAnswers(3_000);
    const { eventId } = await requestSignInLink(api.context, {
      workspaceId: ws.workspaceId,
      clientId,
      contactId: contact.id,
    });
    await double.waitForRequests(1);
    const gone = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGKILL');
    await gone;
    const { rows } = await api.db.owner.query(
      'SELECT status, attempts, sent_at FROM email_deliveries WHERE event_id = $1',
      [eventId],
    );
    expect(rows).toEqual([{ status: 'sending', attempts: 1, sent_at: null }]);
  });
});
