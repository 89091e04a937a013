import type { PoolClient } from 'pg';
import type { RecordedEvent } from '../../event-store/event.types';
import { merkleRoot } from '../../event-store/merkle';
import type { AsyncProcessor } from '../../projections/async-processor';

export const LOG_DIGEST_PROCESSOR = 'log-digest';

/** A batch's events of each tenant, in log order; events without a tenant belong to no digest. */
function byTenant(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const tenants = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const tenantId = event.metadata.tenantId;
    if (!tenantId) continue;
    const list = tenants.get(tenantId);
    if (list) list.push(event);
    else tenants.set(tenantId, [event]);
  }
  return tenants;
}

async function digestTenant(tenantId: string, events: RecordedEvent[], db: PoolClient): Promise<void> {
  // The batch's highest event of each stream moves its head (never back: a stream's positions may reach the log out of order).
  const heads = new Map<string, RecordedEvent>();
  for (const event of events) {
    const known = heads.get(event.streamId);
    if (!known || event.streamPosition > known.streamPosition) heads.set(event.streamId, event);
  }
  const moved = [...heads.values()];
  await db.query(
    `INSERT INTO log_stream_heads AS h (tenant_id, stream_id, version, hash)
     SELECT $1, s, v, decode(x, 'hex') FROM unnest($2::text[], $3::bigint[], $4::text[]) AS u(s, v, x)
     ON CONFLICT (tenant_id, stream_id) DO UPDATE SET version = excluded.version, hash = excluded.hash
     WHERE excluded.version > h.version`,
    [tenantId, moved.map((e) => e.streamId), moved.map((e) => e.streamPosition), moved.map((e) => e.hash)],
  );
  const { rows } = await db.query<{ stream_id: string; version: string; hash: Buffer }>(
    'SELECT stream_id, version, hash FROM log_stream_heads WHERE tenant_id = $1',
    [tenantId],
  );
  const root = merkleRoot(
    rows.map((row) => ({
      streamId: row.stream_id,
      version: Number(row.version),
      hash: row.hash.toString('hex'),
    })),
  );
  const last = events[events.length - 1];
  await db.query(
    `INSERT INTO log_digests AS d (tenant_id, transaction_id, global_position, root, streams, events, computed_at)
     VALUES ($1, $2, $3, decode($4, 'hex'), $5, $6, now())
     ON CONFLICT (tenant_id) DO UPDATE SET transaction_id = excluded.transaction_id,
       global_position = excluded.global_position, root = excluded.root, streams = excluded.streams,
       events = d.events + excluded.events, computed_at = excluded.computed_at`,
    [tenantId, last.transactionId, last.globalPosition, root, rows.length, events.length],
  );
}

/**
 * Follows the log and keeps, per workspace, the head (version, hash) of each
 * of its streams and a Merkle root over them (event-store/merkle.ts) with the
 * position of the workspace's last event it covers: the digest a member reads
 * (Query.logDigest) and keeps, which `verify-log --digest` checks the log still
 * extends. Written in the transaction that moves the checkpoint, so each
 * event counts once.
 */
export function createLogDigestProcessor(): AsyncProcessor {
  return {
    name: LOG_DIGEST_PROCESSOR,
    batchSize: 1000,
    async handle(events, db) {
      for (const [tenantId, list] of byTenant(events)) await digestTenant(tenantId, list, db);
    },
  };
}
