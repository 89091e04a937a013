import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { TimelineService } from '../server/src/modules/timeline/timeline.service';
import type { Measurement } from './bench.helpers';
import { formatInteger } from './bench.report';

export interface TimelinePageFigures {
  entries: number;
  pagesPerSecond: number;
  measurement: Measurement;
}

/** Entries for one project, made in SQL: positions 1..n, a tenth of them about the client (project_id NULL). */
async function seed(pool: Pool, entries: number): Promise<{ projectId: string; clientId: string }> {
  const projectId = randomUUID();
  const clientId = randomUUID();
  await pool.query(
    `INSERT INTO timeline_entries (id, workspace_id, client_id, project_id, position, occurred_at, actor, type, summary, audience)
     SELECT 'bench-' || $2 || '-' || g, $1::uuid, $2::uuid, CASE WHEN g % 10 = 0 THEN NULL ELSE $3::uuid END, g,
            timestamptz '2026-01-01' + g * interval '1 second', '{"kind":"MEMBER","id":null,"name":"Bench"}',
            'ProjectRenamed', 'Bench renamed the project', 'CONTACTS'
     FROM generate_series(1, $4::int) AS g`,
    [randomUUID(), clientId, projectId, entries],
  );
  return { projectId, clientId };
}

async function measure(
  service: TimelineService,
  target: { projectId: string; clientId: string },
  seconds: number,
) {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    const [page] = await service.pages([{ ...target, first: 20, after: null }]);
    const [next] = await service.pages([{ ...target, first: 20, after: page.pageInfo.endCursor }]);
    if (page.edges.length !== 20 || next.edges.length !== 20)
      throw new Error('a timeline page came back short');
    latencies.push((performance.now() - started) / 2);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const mean = latencies.reduce((sum, value) => sum + value, 0) / latencies.length;
  const measurement: Measurement = {
    writers: 1,
    operations: latencies.length * 2,
    units: latencies.length * 2,
    seconds,
    unitsPerSecond: 1000 / mean,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: latencies[latencies.length - 1],
    clientCpu: Number.NaN,
  };
  return { pagesPerSecond: 1000 / mean, measurement };
}

/**
 * A page of 20 of a project's timeline (its own entries merged with its
 * client's), first page and the next by cursor, for a project with 1,000
 * entries and one with 1,000,000, in the same database.
 */
export async function benchTimelinePages(
  pool: Pool,
  seconds: number,
  log: (line: string) => void,
): Promise<TimelinePageFigures[]> {
  const service = new TimelineService(pool);
  const sizes = [1_000, 1_000_000];
  const targets = [];
  for (const entries of sizes) {
    log(`seeding a timeline of ${formatInteger(entries)} entries…`);
    targets.push(await seed(pool, entries));
  }
  await pool.query('VACUUM ANALYZE timeline_entries');
  const figures: TimelinePageFigures[] = [];
  for (const [index, entries] of sizes.entries()) {
    await measure(service, targets[index], 0.5); // warm-up
    figures.push({ entries, ...(await measure(service, targets[index], seconds)) });
  }
  return figures;
}
