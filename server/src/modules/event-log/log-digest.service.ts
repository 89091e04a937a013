import type { MemberViewer } from '../../auth/viewer';
import type { Queryable } from '../../db/queryable';
import { formatDigest } from '../../event-store/log-digest';
import { encodeLogPosition } from '../../event-store/log-position';
import type { LogDigest } from './log-digest.type';

/** The newest head digest of the viewer's workspace (log-digest.processor.ts); null until the processor ran. */
export class LogDigestService {
  constructor(private readonly db: Queryable) {}

  async latest(viewer: MemberViewer): Promise<LogDigest | null> {
    const { rows } = await this.db.query<{
      transaction_id: string;
      global_position: string;
      root: Buffer;
      streams: number;
      events: string;
      computed_at: Date;
    }>(
      `SELECT transaction_id, global_position, root, streams, events, computed_at
       FROM log_digests WHERE tenant_id = $1`,
      [viewer.workspaceId],
    );
    const row = rows[0];
    if (!row) return null;
    const position = { transactionId: row.transaction_id, globalPosition: row.global_position };
    return {
      digest: formatDigest({ tenantId: viewer.workspaceId, position, root: row.root.toString('hex') }),
      position: encodeLogPosition(position),
      streams: row.streams,
      events: Number(row.events),
      computedAt: row.computed_at,
    };
  }
}
