import { Job } from 'bullmq';
import {
  createTestWorkspace,
  ok,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../../test/api.harness';
import { testQueuePrefix, waitFor } from '../../test/email.fixture';
import { fileBytes, keyOf, uploadDocument } from '../../test/upload.fixture';
import {
  FILE_PURGE_EVERY_MS,
  FILE_PURGE_QUEUE,
  FILE_PURGE_SCHEDULER,
  FilePurgeWorker,
} from './file-purge.worker';

const DAY = 24 * 3600_000;
const REMOVE_DOCUMENT = `mutation($id: ID!) { removeDocument(id: $id) }`;

describe('the purge of removed files: a scheduled BullMQ job, by the injected clock', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let projectId: string;
  let purge: FilePurgeWorker;
  let offsetMs = 0;

  const sql = async (text: string, values: unknown[] = []) => (await api.db.owner.query(text, values)).rows;
  const exists = async (key: string) => (await api.context.storage.stat(key)) !== null;

  /** One purge job, now (as the scheduler adds them every hour), and what it returned. */
  async function runPurge(): Promise<{ purged: number }> {
    const job = await purge.queue.add('purge-now', {});
    return waitFor(async () => {
      const state = await job.getState();
      if (state === 'failed')
        throw new Error(`the purge failed: ${(await Job.fromId(purge.queue, job.id!))?.failedReason}`);
      return state === 'completed' ? (await Job.fromId(purge.queue, job.id!))!.returnvalue : null;
    }, 'the purge job');
  }

  beforeAll(async () => {
    api = await startTestApi({}, () => new Date(Date.now() + offsetMs));
    ws = await createTestWorkspace(api);
    const clientId = ok(
      await api.gql(
        `mutation { createClient(input: { name: "Smith & Co", contacts: [] }) { id } }`,
        {},
        ws.token,
      ),
    ).createClient.id;
    projectId = ok(
      await api.gql(
        `mutation($c: ID!) { createProject(input: { clientId: $c, name: "Website" }) { id } }`,
        { c: clientId },
        ws.token,
      ),
    ).createProject.id;
    purge = new FilePurgeWorker({
      pool: api.context.pool,
      storage: api.context.storage,
      redisUrl: api.context.config.REDIS_URL,
      prefix: testQueuePrefix(),
      logger: api.context.logger,
      clock: api.context.clock,
    });
  });

  afterAll(async () => {
    await purge?.queue.obliterate({ force: true }).catch(() => undefined);
    await purge?.close();
    await api?.stop();
  });

  it(`schedules itself on its own queue (${FILE_PURGE_QUEUE}), every hour`, async () => {
    const schedulers = await waitFor(async () => {
      const found = await purge.queue.getJobSchedulers();
      return found.length ? found : null;
    }, 'the job scheduler');
    expect(schedulers).toEqual([
      expect.objectContaining({
        key: FILE_PURGE_SCHEDULER,
        name: FILE_PURGE_SCHEDULER,
        every: FILE_PURGE_EVERY_MS,
      }),
    ]);
    expect(FILE_PURGE_EVERY_MS).toBe(3600_000);
  });

  it("keeps a removed file's object 30 days, then deletes it once; files still listed and links are left alone", async () => {
    const removed = await uploadDocument(api, ws.token, projectId, 'old.pdf', fileBytes(20));
    const kept = await uploadDocument(api, ws.token, projectId, 'current.pdf', fileBytes(20));
    const link = ok(
      await api.gql(
        `mutation($p: ID!) { shareLink(projectId: $p, title: "Brief", url: "https://example.test/brief") { id } }`,
        { p: projectId },
        ws.token,
      ),
    ).shareLink.id;
    for (const id of [removed.document.id, link]) ok(await api.gql(REMOVE_DOCUMENT, { id }, ws.token));

    // Right away and 29 days on: still there.
    for (const days of [0, 29]) {
      offsetMs = days * DAY;
      expect(await runPurge()).toEqual({ purged: 0 });
      expect(await exists(keyOf(removed.ticket))).toBe(true);
    }
    expect(
      await sql('SELECT purged_at FROM upload_tickets WHERE id = $1', [removed.ticket.uploadId]),
    ).toEqual([{ purged_at: null }]);

    // 31 days on: gone, and the purge recorded (at the clock's time) so it is not done again.
    offsetMs = 31 * DAY;
    expect(await runPurge()).toEqual({ purged: 1 });
    expect(await exists(keyOf(removed.ticket))).toBe(false);
    expect(await exists(keyOf(kept.ticket))).toBe(true);
    const [{ purged_at }] = await sql('SELECT purged_at FROM upload_tickets WHERE id = $1', [
      removed.ticket.uploadId,
    ]);
    expect(Math.abs(purged_at.getTime() - (Date.now() + 31 * DAY))).toBeLessThan(60_000);
    offsetMs = 32 * DAY;
    expect(await runPurge()).toEqual({ purged: 0 });
    expect(await exists(keyOf(kept.ticket))).toBe(true);

    // The log and the read model keep the removed document as they were.
    expect(
      await sql(`SELECT type FROM es_events WHERE stream_id = $1 ORDER BY stream_position`, [
        `document-${removed.document.id}`,
      ]),
    ).toEqual([{ type: 'DocumentUploaded' }, { type: 'DocumentRemoved' }]);
    expect(await sql('SELECT removed, kind FROM documents WHERE id = $1', [removed.document.id])).toEqual([
      { removed: true, kind: 'FILE' },
    ]);
  });
});
