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

/**
 * Recomputes every stream's chain, `streamsPerBatch` streams (by id) per
 * statement, so a large log is checked in bounded steps; each stream is
 * checked whole within one snapshot. Stops at the first batch with a failure.
 */
export async function verifyChains(db: Queryable, streamsPerBatch = 2000): Promise<ChainReport> {
  let after: string | null = null;
  let checked = 0;
  let streams = 0;
  for (;;) {
    const bound: { rows: { stream_id: string }[] } = await db.query<{ stream_id: string }>(
      `SELECT stream_id FROM es_streams WHERE ($1::text IS NULL OR stream_id > $1)
       ORDER BY stream_id OFFSET $2 LIMIT 1`,
      [after, streamsPerBatch - 1],
    );
    const through: string | null = bound.rows[0]?.stream_id ?? null;
    const { rows } = await db.query<{ checked: string; streams: string; failure: StreamVerdict | null }>(
      BATCH,
      [after, through],
    );
    checked += Number(rows[0].checked);
    streams += Number(rows[0].streams);
    if (rows[0].failure) return { checked, streams, ok: false, failure: failureOf(rows[0].failure) };
    if (through === null) return { checked, streams, ok: true };
    after = through;
  }
}
