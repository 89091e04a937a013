import type { Queryable } from '../db/queryable';
import type { LogPosition } from './event.types';
import { merkleRoot, type StreamHead } from './merkle';

/**
 * What a head digest attests: at this position of the log, the streams of
 * this tenant (workspace) had these heads, whose Merkle root is `root`.
 * As a string: v1.<tenantId>.<transactionId>.<globalPosition>.<root hex>.
 */
export interface LogDigest {
  tenantId: string;
  position: LogPosition;
  root: string;
}

const DIGEST = /^v1\.([^.\s]+)\.(\d+)\.(\d+)\.([0-9a-f]{64})$/;

export function formatDigest(digest: LogDigest): string {
  const { tenantId, position, root } = digest;
  return `v1.${tenantId}.${position.transactionId}.${position.globalPosition}.${root}`;
}

/** The digest a string spells, or null when it is no digest of this format. */
export function parseDigest(text: string): LogDigest | null {
  const match = DIGEST.exec(text.trim());
  if (!match) return null;
  const [, tenantId, transactionId, globalPosition, root] = match;
  return { tenantId, position: { transactionId, globalPosition }, root };
}

/**
 * The tenant's stream heads as they stood at `position`: in each of its
 * streams, its highest-positioned event at or before that point of the log.
 */
export async function headsAt(
  db: Queryable,
  tenantId: string,
  position: LogPosition,
): Promise<{ heads: StreamHead[]; events: number }> {
  const { rows } = await db.query<{ stream_id: string; version: string; hash: Buffer; events: string }>(
    `SELECT DISTINCT ON (stream_id) stream_id, stream_position AS version, hash,
            count(*) OVER () AS events
     FROM es_events
     WHERE tenant_id = $1 AND (transaction_id, global_position) <= ($2::xid8, $3::bigint)
     ORDER BY stream_id, stream_position DESC`,
    [tenantId, position.transactionId, position.globalPosition],
  );
  return {
    heads: rows.map((row) => ({
      streamId: row.stream_id,
      version: Number(row.version),
      hash: row.hash.toString('hex'),
    })),
    events: rows.length ? Number(rows[0].events) : 0,
  };
}

export interface DigestCheck {
  extends: boolean;
  /** What the current log gives at the digest's position. */
  root: string;
  streams: number;
  events: number;
  reason?: string;
}

/** Whether today's log, read up to the digest's position, still has the heads the digest attested. */
export async function checkDigest(db: Queryable, digest: LogDigest): Promise<DigestCheck> {
  const { heads, events } = await headsAt(db, digest.tenantId, digest.position);
  const root = merkleRoot(heads);
  const streams = heads.length;
  if (root === digest.root) return { extends: true, root, streams, events };
  return {
    extends: false,
    root,
    streams,
    events,
    reason:
      streams === 0
        ? `no event of tenant ${digest.tenantId} at or before that position`
        : `the ${streams} stream heads at that position give root ${root}, not the digest's: the log was changed at or before what the digest attested`,
  };
}
