import type { Queryable } from '../db/queryable';

/** The first thing wrong in a stream: where, and what. */
export interface ChainFailure {
  streamId: string;
  /** The position of the first event that fails, or that is missing. */
  position: number;
  reason: string;
}

export interface ChainReport {
  /** Events whose hash was recomputed. */
  checked: number;
  streams: number;
  ok: boolean;
  /** The first failure, in stream-id order then stream position. */
  failure?: ChainFailure;
}

interface StreamVerdict {
  stream_id: string;
  events: string;
  last: string | null;
  version: string | null;
  gap: string | null;
  broken: string | null;
}

/**
 * One range of streams (after `after`, up to `through` inclusive; null: no
 * bound) in one statement: every event's hash recomputed with es_event_hash
 * over the row and its predecessor's stored hash (lag), row_number() against
 * stream_position for gaps, and es_streams.version against the last event (a
 * deleted tail) and against the count. Only the totals and the first stream
 * in trouble come back.
 */
const BATCH = `
  WITH checked AS (
    SELECT stream_id, stream_position, row_number() OVER w AS n,
           hash IS NOT DISTINCT FROM es_event_hash(lag(hash) OVER w, stream_id, stream_position, type, schema_version,
                                                   data, metadata, recorded_at) AS sound
    FROM es_events
    WHERE ($1::text IS NULL OR stream_id > $1) AND ($2::text IS NULL OR stream_id <= $2)
    WINDOW w AS (PARTITION BY stream_id ORDER BY stream_position)
  ), per_stream AS (
    SELECT stream_id, count(*) AS events, max(stream_position) AS last,
           min(n) FILTER (WHERE n <> stream_position) AS gap,
           min(stream_position) FILTER (WHERE NOT sound) AS broken
    FROM checked GROUP BY stream_id
  ), verdict AS (
    SELECT coalesce(p.stream_id, s.stream_id) AS stream_id, coalesce(p.events, 0) AS events, p.last, s.version,
           p.gap, p.broken
    FROM per_stream p
    FULL JOIN (SELECT stream_id, version FROM es_streams
               WHERE ($1::text IS NULL OR stream_id > $1) AND ($2::text IS NULL OR stream_id <= $2)) s
      ON s.stream_id = p.stream_id
  )
  SELECT (SELECT coalesce(sum(events), 0) FROM verdict) AS checked,
         (SELECT count(*) FROM verdict) AS streams,
         (SELECT row_to_json(f) FROM (
            SELECT * FROM verdict
            WHERE gap IS NOT NULL OR broken IS NOT NULL OR version IS DISTINCT FROM last OR events <> coalesce(last, 0)
            ORDER BY stream_id LIMIT 1) f) AS failure`;

function failureOf(verdict: StreamVerdict): ChainFailure {
  const streamId = verdict.stream_id;
  const gap = verdict.gap === null ? null : Number(verdict.gap);
  const broken = verdict.broken === null ? null : Number(verdict.broken);
  if (gap !== null && (broken === null || gap <= broken))
    return { streamId, position: gap, reason: `position ${gap} is missing (a gap in the stream)` };
  if (broken !== null)
    return { streamId, position: broken, reason: 'the stored row no longer matches its hash' };
  const last = verdict.last === null ? 0 : Number(verdict.last);
  if (verdict.version === null)
    return { streamId, position: 1, reason: 'events of a stream that es_streams does not know' };
  const version = Number(verdict.version);
  if (version > last)
    return {
      streamId,
      position: last + 1,
      reason: `the stream is at version ${version} but its events end at ${last} (deleted at the tail)`,
    };
  return {
    streamId,
    position: version + 1,
    reason: `events past the stream's version ${version} (the log ends at ${last})`,
  };
}

export interface VerifyOptions {
  /** Streams (by id) per statement: each statement checks its streams whole, within one snapshot. */
  streamsPerBatch?: number;
  /** Statements at once; give a pool of at least as many connections (a single client: 1). */
  concurrency?: number;
}

interface BatchResult {
  checked: number;
  streams: number;
  failure: ChainFailure | null;
}

/**
 * Recomputes every stream's chain in ranges of `streamsPerBatch` streams (by
 * id), `concurrency` ranges at a time, so a large log is checked in bounded
 * steps on every core the server gives. The failure reported is the first in
 * stream-id order; ranges past a failing one are not started.
 */
export async function verifyChains(db: Queryable, options: VerifyOptions = {}): Promise<ChainReport> {
  const streamsPerBatch = options.streamsPerBatch ?? 500;
  const concurrency = options.concurrency ?? 1;
  // Every range's upper bound (inclusive), from one pass over es_streams' primary key; the last range is open.
  const { rows: bounds } = await db.query<{ stream_id: string }>(
    `SELECT stream_id FROM (SELECT stream_id, row_number() OVER (ORDER BY stream_id) AS n FROM es_streams) s
     WHERE n % $1 = 0 ORDER BY stream_id`,
    [streamsPerBatch],
  );
  const ranges: [string | null, string | null][] = [];
  let after: string | null = null;
  for (const { stream_id } of bounds) {
    ranges.push([after, stream_id]);
    after = stream_id;
  }
  ranges.push([after, null]);

  const results: (BatchResult | undefined)[] = new Array(ranges.length);
  let firstFailing = ranges.length;
  let next = 0;
  const worker = async () => {
    while (next < ranges.length && next < firstFailing) {
      const index = next++;
      const { rows } = await db.query<{ checked: string; streams: string; failure: StreamVerdict | null }>(
        BATCH,
        ranges[index],
      );
      const failure = rows[0].failure ? failureOf(rows[0].failure) : null;
      results[index] = { checked: Number(rows[0].checked), streams: Number(rows[0].streams), failure };
      if (failure) firstFailing = Math.min(firstFailing, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));

  let checked = 0;
  let streams = 0;
  for (let index = 0; index < ranges.length; index++) {
    const result = results[index]!;
    checked += result.checked;
    streams += result.streams;
    if (result.failure) return { checked, streams, ok: false, failure: result.failure };
  }
  return { checked, streams, ok: true };
}
