import type { Pool } from 'pg';
import type { ObjectStorage } from '../../integrations/object-storage';

/** A removed file's object stays this long (members may change their mind), then the purge deletes it. */
export const REMOVED_FILE_RETENTION_MS = 30 * 24 * 3600_000;

const BATCH = 200;

/**
 * Deletes the objects of FILE documents removed longer than the retention
 * before `now` (removed_at comes from the DocumentRemoved event) and records
 * each purge on its upload ticket, so none is done twice. Nothing else deletes
 * the object of a document. Returns how many objects it deleted.
 */
export async function purgeRemovedFiles(
  pool: Pool,
  storage: ObjectStorage,
  now: Date,
  retentionMs = REMOVED_FILE_RETENTION_MS,
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionMs);
  let purged = 0;
  for (;;) {
    const { rows } = await pool.query<{ id: string; storage_key: string }>(
      `SELECT t.id, t.storage_key FROM upload_tickets t
       JOIN documents d ON d.id = t.document_id
       WHERE t.completed_at IS NOT NULL AND t.purged_at IS NULL
         AND d.removed AND d.kind = 'FILE' AND d.removed_at < $1
       ORDER BY d.removed_at, t.id
       LIMIT ${BATCH}`,
      [cutoff],
    );
    for (const row of rows) {
      await storage.remove(row.storage_key);
      await pool.query('UPDATE upload_tickets SET purged_at = $2 WHERE id = $1', [row.id, now]);
      purged++;
    }
    if (rows.length < BATCH) return purged;
  }
}
