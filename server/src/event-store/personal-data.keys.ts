import type { Queryable } from '../db/queryable';
import { newPersonalKey } from './personal-data.cipher';

/**
 * The keys of personal data, one per person, outside the log
 * (personal_data_keys). A key erased is a row whose key is NULL: the person's
 * ciphertext in the log stays, and nobody can read it again; a value sealed
 * for an erased person afterwards is stored as its stand-in.
 */
export class PersonalDataKeys {
  /**
   * Keys this process has sealed with, by subject, most recently used last:
   * a key never changes once made, only goes (an erasure), so a command may
   * seal from here, and es_command share-locks the rows and refuses when one
   * has gone meanwhile (migrations/1765267200000-es-command.ts).
   */
  private readonly sealing = new Map<string, Buffer>();

  constructor(private readonly keep = 10_000) {}

  /** The keys of these subjects from memory, or null when one of them is not there. */
  inMemory(subjects: readonly string[]): Map<string, Buffer> | null {
    const keys = new Map<string, Buffer>();
    for (const subject of subjects) {
      const key = this.sealing.get(subject);
      if (!key) return null;
      keys.set(subject, key);
    }
    return keys;
  }

  forget(subjects: readonly string[]): void {
    for (const subject of subjects) this.sealing.delete(subject);
  }

  /**
   * The keys to seal with, made for the subjects that have none; null for an
   * erased subject. The rows stay share-locked until the caller's transaction
   * ends, so an erasure waits for an append that sealed with the key it
   * deletes (and the append sees the erasure when it comes first).
   */
  async forSealing(subjects: readonly string[], db: Queryable): Promise<Map<string, Buffer | null>> {
    const unique = [...new Set(subjects)];
    const { rows } = await db.query<{ subject_id: string; key: Buffer | null }>({
      name: 'pd_keys_for_sealing',
      text: 'SELECT subject_id, key FROM pd_keys_for_sealing($1::text[], $2::bytea[])',
      values: [unique, unique.map(() => newPersonalKey())],
    });
    for (const row of rows) if (row.key) this.remember(row.subject_id, row.key);
    return new Map(rows.map((row) => [row.subject_id, row.key]));
  }

  private remember(subject: string, key: Buffer): void {
    this.sealing.delete(subject);
    this.sealing.set(subject, key);
    if (this.sealing.size > this.keep) this.sealing.delete(this.sealing.keys().next().value!);
  }

  /** The keys to open with; a subject without a key (erased, or never sealed for) is absent. */
  async forOpening(subjects: readonly string[], db: Queryable): Promise<Map<string, Buffer>> {
    const { rows } = await db.query<{ subject_id: string; key: Buffer }>({
      name: 'pd_keys_for_opening',
      text: 'SELECT subject_id, key FROM personal_data_keys WHERE subject_id = ANY($1::text[]) AND key IS NOT NULL',
      values: [[...new Set(subjects)]],
    });
    return new Map(rows.map((row) => [row.subject_id, row.key]));
  }

  /** Deletes the subject's key for good (crypto-shredding); a subject with no key yet gets a tombstone. */
  async erase(subject: string, db: Queryable): Promise<void> {
    this.sealing.delete(subject);
    await db.query(
      `INSERT INTO personal_data_keys (subject_id, key, erased_at) VALUES ($1, NULL, now())
       ON CONFLICT (subject_id) DO UPDATE SET key = NULL, erased_at = coalesce(personal_data_keys.erased_at, now())`,
      [subject],
    );
  }

  async isErased(subject: string, db: Queryable): Promise<boolean> {
    const { rows } = await db.query(
      'SELECT 1 FROM personal_data_keys WHERE subject_id = $1 AND key IS NULL',
      [subject],
    );
    return rows.length > 0;
  }
}
