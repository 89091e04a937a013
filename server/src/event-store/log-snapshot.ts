import { preparedQuery } from '../db/prepared';
import type { Queryable } from '../db/queryable';

/**
 * Whether a tenant's log is as it stood at an earlier instant, and the
 * instant now, in one statement. An instant is a PostgreSQL snapshot
 * (`pg_current_snapshot()`, as text): the transactions committed when it was
 * taken. The log is unchanged when no event of the tenant is visible now that
 * was not visible then. Such an event's transaction was running or not yet
 * begun at that instant, so its id is at least the snapshot's xmin: the
 * tenant's index (tenant_id, transaction_id, …) reads only those, whatever
 * their global positions (a transaction that began first can commit last).
 * The events that name no tenant but whose data names it as its workspaceId
 * count too, as readAll's `withUntaggedOfTenant` reads them. With a project:
 * only the events that name no project or that one count (what is of another
 * project alone leaves that project's answers as they were).
 */
const CHANGED_SINCE = `SELECT pg_current_snapshot()::text AS now,
  $2::text IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM es_events
     WHERE (tenant_id = $1 OR (tenant_id IS NULL AND data->>'workspaceId' = $1))
       AND transaction_id >= pg_snapshot_xmin($2::pg_snapshot)
       AND NOT pg_visible_in_snapshot(transaction_id, $2::pg_snapshot)
       AND ($3::text IS NULL OR data->>'projectId' IS NULL OR data->>'projectId' = $3)) AS unchanged`;

export interface TenantLogCheck {
  /** The instant this check was taken at: what a later check compares with. */
  now: string;
  /** Whether the tenant's log is as it stood at `since` (false without one). */
  unchanged: boolean;
}

export async function tenantLogSince(
  db: Queryable,
  tenantId: string,
  since: string | null,
  projectId: string | null = null,
): Promise<TenantLogCheck> {
  const { rows } = await preparedQuery<TenantLogCheck>(db, CHANGED_SINCE, [tenantId, since, projectId]);
  return rows[0];
}
