import type { Queryable } from '../../db/queryable';

/**
 * A job for a workspace this worker's database lacks belongs to another
 * install on the same Redis prefix (two databases of one name on two servers,
 * or one REDIS_PREFIX given to both). The worker puts it back, delayed, for
 * the owner's worker to take, and fails it only after this many put-backs:
 * with the delays below, about 25 minutes in all.
 */
export const PUT_BACK_LIMIT = 30;

/** The delay before the nth put-back is due again: 1 s doubling, at most a minute. */
export function putBackDelayMs(putBacks: number, firstMs = 1_000, maxMs = 60_000): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, putBacks - 1));
}

export interface PutBackSettings {
  limit: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_PUT_BACK: PutBackSettings = {
  limit: PUT_BACK_LIMIT,
  firstDelayMs: 1_000,
  maxDelayMs: 60_000,
};

/** True when the workspace is in this database. */
export async function workspaceIsHere(db: Queryable, workspaceId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM workspaces WHERE id = $1', [workspaceId]);
  return Boolean(rowCount);
}
