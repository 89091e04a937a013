import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { EventStore } from '../event-store/event-store';
import type { EventMetadata } from '../event-store/event.types';
import { createTestDatabase, type TestDatabase } from '../test/test-database';
import { ProcessorRunner } from './async-processor';

const ROOT = join(__dirname, '..', '..', '..');
const metadata: EventMetadata = {
  actor: { kind: 'SYSTEM', id: null, name: 'System' },
  correlationId: 'c',
  causationId: null,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startProbe(url: string, name: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'server/src/test/fixtures/probe-processor.process.ts', url, name],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`probe ${name} exited with ${code}`)));
  });
}

async function seenCount(db: TestDatabase): Promise<number> {
  return Number((await db.owner.query('SELECT count(*) FROM probe_seen')).rows[0].count);
}

describe('async processors', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await db.owner.query(`
      CREATE TABLE probe_seen (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id uuid NOT NULL,
        stream_id text NOT NULL,
        stream_position bigint NOT NULL,
        processed_by text NOT NULL
      )`);
  });
  afterAll(() => db.drop());

  it('two processes over 5,000 events from 10 concurrent writers: every event exactly once, in stream order, across a crash', async () => {
    const store = new EventStore(db.app);
    const probes = [await startProbe(db.url, 'one'), await startProbe(db.url, 'two')];
    let killed: string | null = null;
    try {
      const writers = Array.from({ length: 10 }, async (_, writer) => {
        let written = 0;
        for (let batch = 0; written < 500; batch++) {
          const stream = `probe-${writer}-${batch % 7}`;
          const size = Math.min(500 - written, 1 + ((writer + batch) % 5));
          await store.append(
            stream,
            'any',
            Array.from({ length: size }, (_, i) => ({ type: 'Probed', data: { writer, i } })),
            metadata,
          );
          written += size;
        }
      });
      // Halfway, the active process dies without a word: its transaction rolls back, its lock goes, the other takes over.
      const crash = (async () => {
        while ((await seenCount(db)) < 1500) await sleep(20);
        const { rows } = await db.owner.query(
          'SELECT processed_by FROM probe_seen ORDER BY seq DESC LIMIT 1',
        );
        killed = rows[0].processed_by;
        probes[killed === 'one' ? 0 : 1].kill('SIGKILL');
      })();
      await Promise.all([...writers, crash]);
      const deadline = Date.now() + 60_000;
      while ((await seenCount(db)) < 5000 && Date.now() < deadline) await sleep(50);
    } finally {
      for (const probe of probes) if (probe.exitCode === null && !probe.killed) probe.kill('SIGTERM');
    }

    const { rows: totals } = await db.owner.query(
      'SELECT count(*)::int AS seen, count(DISTINCT event_id)::int AS distinct_events FROM probe_seen',
    );
    expect(totals[0]).toEqual({ seen: 5000, distinct_events: 5000 });
    const { rows: stored } = await db.owner.query('SELECT count(*)::int AS n FROM es_events');
    expect(stored[0].n).toBe(5000);
    // Per stream, the order handled is the stream's order.
    const { rows: outOfOrder } = await db.owner.query(`
      SELECT count(*)::int AS n FROM (
        SELECT stream_position, lag(stream_position) OVER (PARTITION BY stream_id ORDER BY seq) AS previous
        FROM probe_seen) s
      WHERE previous IS NOT NULL AND stream_position <> previous + 1`);
    expect(outOfOrder[0].n).toBe(0);
    const { rows: by } = await db.owner.query('SELECT DISTINCT processed_by FROM probe_seen ORDER BY 1');
    expect(by.map((r) => r.processed_by)).toEqual(['one', 'two']);
    expect(killed).not.toBeNull();
  });

  it('a standby instance in the same process stays idle while another holds the lock, and stops cleanly', async () => {
    const store = new EventStore(db.app);
    const handled: string[][] = [];
    const make = (tag: string) =>
      new ProcessorRunner(
        db.app,
        store,
        {
          name: 'standby-check',
          eventTypes: ['Wanted'],
          async handle(events) {
            handled.push(events.map((e) => `${tag}:${e.type}`));
          },
        },
        { idleMs: 10, standbyMs: 20 },
      );
    const first = make('first');
    const second = make('second');
    first.start();
    await sleep(100);
    second.start();
    await store.append(
      'probe-filter',
      0,
      [
        { type: 'Unwanted', data: {} },
        { type: 'Wanted', data: {} },
      ],
      metadata,
    );
    const deadline = Date.now() + 10_000;
    while (handled.length === 0 && Date.now() < deadline) await sleep(10);
    expect(first.active).toBe(true);
    expect(second.active).toBe(false);
    expect(handled).toEqual([['first:Wanted']]);
    await Promise.all([first.stop(), second.stop()]);
    const { rows } = await db.owner.query(
      `SELECT global_position FROM es_checkpoints WHERE processor = 'standby-check'`,
    );
    const { rows: last } = await db.owner.query(`SELECT max(global_position) AS max FROM es_events`);
    expect(rows[0].global_position).toBe(last[0].max);
  });

  it('what handle returns runs once its batch has committed; its failure is reported, the batch not handled again', async () => {
    const store = new EventStore(db.app);
    const seen: { events: number; visible: number }[] = [];
    const errors: unknown[] = [];
    let failOnce = true;
    const runner = new ProcessorRunner(
      db.app,
      store,
      {
        name: 'after-commit-check',
        eventTypes: ['Announced'],
        async handle(events, client) {
          for (const event of events)
            await client.query(
              `INSERT INTO probe_seen (event_id, stream_id, stream_position, processed_by) VALUES ($1, $2, $3, 'after-commit')`,
              [event.eventId, event.streamId, event.streamPosition],
            );
          if (failOnce) {
            failOnce = false;
            return async () => {
              throw new Error('announce lost');
            };
          }
          return async () => {
            // Another connection: only committed rows are visible from it.
            const { rows } = await db.owner.query(
              `SELECT count(*)::int AS n FROM probe_seen WHERE processed_by = 'after-commit'`,
            );
            seen.push({ events: events.length, visible: rows[0].n });
          };
        },
      },
      { idleMs: 10, standbyMs: 20, onError: (error) => errors.push(error) },
    );
    runner.start();
    await store.append('probe-announce-1', 0, [{ type: 'Announced', data: {} }], metadata);
    let deadline = Date.now() + 10_000;
    while (errors.length === 0 && Date.now() < deadline) await sleep(10);
    await store.append('probe-announce-2', 0, [{ type: 'Announced', data: {} }], metadata);
    deadline = Date.now() + 10_000;
    while (seen.length === 0 && Date.now() < deadline) await sleep(10);
    await runner.stop();
    expect(errors.map((error) => (error as Error).message)).toEqual(['announce lost']);
    // The first batch stayed handled (one row), the second announced after its own row committed.
    expect(seen).toEqual([{ events: 1, visible: 2 }]);
  });
});
