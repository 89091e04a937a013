import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/queryable';

const KEY_NAME = 'email-job-seal';
const VERSION = 'v1';

/**
 * Seals the secret of an email job (a sign-in link) with AES-256-GCM, under a
 * key kept in PostgreSQL (service_keys) that Redis never sees: what BullMQ
 * stores, and what a Redis dump or the queue dashboard shows, is ciphertext.
 * The additional data binds the seal to its job's workspace, event and
 * recipient, so a sealed link moved into another job does not open.
 */
export class EmailSeal {
  private key: Promise<Buffer> | null = null;

  private loadKey(db: Queryable): Promise<Buffer> {
    this.key ??= (async () => {
      await db.query('INSERT INTO service_keys (name, key) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
        KEY_NAME,
        randomBytes(32),
      ]);
      const { rows } = await db.query('SELECT key FROM service_keys WHERE name = $1', [KEY_NAME]);
      return rows[0].key as Buffer;
    })().catch((error) => {
      this.key = null;
      throw error;
    });
    return this.key;
  }

  async seal(plaintext: string, boundTo: string, db: Queryable): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.loadKey(db), iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, sealed, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** The plaintext, or null for a seal that is not this key's, is bound to something else, or was altered. */
  async open(sealed: string, boundTo: string, db: Queryable): Promise<string | null> {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== VERSION || !iv || !body || !tag) return null;
    const key = await this.loadKey(db);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      return null; // altered, bound to another job, or sealed under another key
    }
  }
}
