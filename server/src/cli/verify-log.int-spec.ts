import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { EventStore } from '../event-store/event-store';
import type { EventMetadata } from '../event-store/event.types';
import { LogDigestService } from '../modules/event-log/log-digest.service';
import { createLogDigestProcessor } from '../modules/event-log/log-digest.processor';
import { ProcessorRunner } from '../projections/async-processor';
import { createTestDatabase, type TestDatabase } from '../test/test-database';
import type { MemberViewer } from '../auth/viewer';

const ROOT = join(__dirname, '..', '..', '..');
const TENANT = '11111111-2222-4333-8444-555555555555';
const metadata: EventMetadata = {
  actor: { kind: 'SYSTEM', id: null, name: 'Test' },
  correlationId: 'c',
  causationId: null,
  tenantId: TENANT,
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function verifyLog(db: TestDatabase, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', 'server/src/cli.ts', 'verify-log', ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Three streams: account-a (5 events, appended one and two at a time), account-b (3), account-c (1). */
async function seed(db: TestDatabase): Promise<EventStore> {
  const store = new EventStore(db.app);
  const deposit = (amount: number) => ({ type: 'Deposited', data: { amount } });
  await store.append('account-a', 0, [deposit(1)], metadata);
  await store.append('account-b', 0, [deposit(10), deposit(11)], metadata);
  await store.append('account-a', 1, [deposit(2), deposit(3)], metadata);
  await store.append('account-c', 0, [deposit(100)], metadata);
  await store.append('account-a', 3, [deposit(4), deposit(5)], metadata);
  await store.append('account-b', 2, [deposit(12)], metadata);
  return store;
}

/** As the superuser, past the triggers: what the chain exists to show. */
async function tamper(db: TestDatabase, ...statements: string[]): Promise<void> {
  const client = await db.owner.connect();
  try {
    await client.query('SET session_replication_role = replica');
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.query('RESET session_replication_role');
    client.release();
  }
}

/** Rewrites account-a from `from` on, recomputing every hash after it with the store's own function. */
const rewriteFrom = (from: number) => [
  `UPDATE es_events SET data = '{"amount": 999}' WHERE stream_id = 'account-a' AND stream_position = ${from}`,
  `DO $$ DECLARE r record; v_prev bytea; BEGIN
     SELECT hash INTO v_prev FROM es_events WHERE stream_id = 'account-a' AND stream_position = ${from - 1};
     FOR r IN SELECT * FROM es_events WHERE stream_id = 'account-a' AND stream_position >= ${from} ORDER BY stream_position LOOP
       v_prev := es_event_hash(v_prev, r.stream_id, r.stream_position, r.type, r.schema_version, r.data, r.metadata, r.recorded_at);
       UPDATE es_events SET hash = v_prev WHERE global_position = r.global_position;
     END LOOP; END $$`,
];

describe('npm run cli -- verify-log', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
    await seed(db);
  });
  afterEach(() => db.drop());

  it('passes on an untouched log and counts its events and streams', async () => {
    const run = await verifyLog(db);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ checked: 9, streams: 3, ok: true });
  });

  it('checks in batches of streams as well as in one', async () => {
    const { verifyChains } = await import('../event-store/hash-chain');
    for (const streamsPerBatch of [1, 2, 3, 100])
      for (const concurrency of [1, 3])
        expect(await verifyChains(db.app, { streamsPerBatch, concurrency })).toEqual({
          checked: 9,
          streams: 3,
          ok: true,
        });
  });

  it('reports the first failure in stream order, whichever range of streams finishes first', async () => {
    const { verifyChains } = await import('../event-store/hash-chain');
    await tamper(
      db,
      `UPDATE es_events SET data = '{}' WHERE stream_id = 'account-c'`,
      `UPDATE es_events SET data = '{}' WHERE stream_id = 'account-b' AND stream_position = 2`,
    );
    expect(await verifyChains(db.app, { streamsPerBatch: 1, concurrency: 3 })).toMatchObject({
      ok: false,
      failure: { streamId: 'account-b', position: 2 },
    });
  });

  it('names the stream and position of a row changed with the triggers bypassed', async () => {
    await tamper(
      db,
      `UPDATE es_events SET data = '{"amount": 3000}' WHERE stream_id = 'account-a' AND stream_position = 3`,
    );
    const run = await verifyLog(db);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: false,
      failure: { streamId: 'account-a', position: 3 },
    });
    expect(run.stderr).toBe(
      'verify-log: stream account-a, position 3: the stored row no longer matches its hash\n',
    );
  });

  it.each([
    ['type', `type = 'Withdrawn'`],
    ['metadata', `metadata = jsonb_set(metadata, '{actor,name}', '"Mallory"')`],
    ['recorded_at', `recorded_at = recorded_at + interval '1 microsecond'`],
    ['schema_version', `schema_version = 2`],
  ])('catches a changed %s too', async (_field, set) => {
    await tamper(db, `UPDATE es_events SET ${set} WHERE stream_id = 'account-b' AND stream_position = 2`);
    const run = await verifyLog(db);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^verify-log: stream account-b, position 2: /);
  });

  it('names a deleted middle event as a gap', async () => {
    await tamper(db, `DELETE FROM es_events WHERE stream_id = 'account-a' AND stream_position = 2`);
    const run = await verifyLog(db);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'verify-log: stream account-a, position 2: position 2 is missing (a gap in the stream)\n',
    );
  });

  it("names a deleted tail: the stream's version is more than its events", async () => {
    await tamper(db, `DELETE FROM es_events WHERE stream_id = 'account-b' AND stream_position = 3`);
    const run = await verifyLog(db);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'verify-log: stream account-b, position 3: the stream is at version 3 but its events end at 2 (deleted at the tail)\n',
    );
  });

  it('catches a row whose content and hash were both rewritten: the next event no longer chains', async () => {
    await tamper(db, ...rewriteFrom(3).map((sql) => sql.replace('>= 3', '= 3')));
    const run = await verifyLog(db);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'verify-log: stream account-a, position 4: the stored row no longer matches its hash\n',
    );
  });

  describe('--digest', () => {
    async function digestNow(): Promise<string> {
      const store = new EventStore(db.app);
      const runner = new ProcessorRunner(db.app, store, createLogDigestProcessor(), { idleMs: 10 });
      runner.start();
      const caughtUp = async () =>
        (
          await db.owner.query(
            `SELECT EXISTS (SELECT 1 FROM es_checkpoints WHERE processor = 'log-digest')
               AND NOT EXISTS (SELECT 1 FROM es_events e, es_checkpoints c WHERE c.processor = 'log-digest'
               AND (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)) AS done`,
          )
        ).rows[0].done as boolean;
      try {
        while (!(await caughtUp())) await new Promise((resolve) => setTimeout(resolve, 20));
      } finally {
        await runner.stop();
      }
      const latest = await new LogDigestService(db.app).latest({ workspaceId: TENANT } as MemberViewer);
      return latest!.digest;
    }

    it('says the log extends a digest taken earlier, after more appends', async () => {
      const digest = await digestNow();
      expect(digest).toMatch(new RegExp(`^v1\\.${TENANT}\\.\\d+\\.\\d+\\.[0-9a-f]{64}$`));
      await new EventStore(db.app).append(
        'account-a',
        5,
        [{ type: 'Deposited', data: { amount: 6 } }],
        metadata,
      );
      await new EventStore(db.app).append(
        'account-d',
        0,
        [{ type: 'Deposited', data: { amount: 7 } }],
        metadata,
      );
      const run = await verifyLog(db, '--digest', digest);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(run.stdout)).toMatchObject({
        checked: 11,
        ok: true,
        digest: { extends: true, streams: 3, events: 9 },
      });
    });

    it('says it no longer extends when the rest of a stream was rewritten with consistent hashes', async () => {
      const digest = await digestNow();
      await tamper(db, ...rewriteFrom(2));
      const run = await verifyLog(db, '--digest', digest);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, digest: { extends: false } });
      expect(run.stderr).toMatch(/^verify-log: the log no longer extends the digest: /);
    });

    it('refuses what is no digest (exit 2)', async () => {
      const run = await verifyLog(db, '--digest', 'v2.nothing');
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--digest takes a digest/);
    });
  });
});
