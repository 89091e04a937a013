import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A personal value as the log keeps it: AES-256-GCM under the key of the
 * person it names (`$pd`, the key's id: that person's id), the IV, tag and
 * ciphertext in `c`, and `e`, what it reads as once the key is gone (no
 * personal data: "Erased contact"). An object, so that no text a user types
 * can pass for one.
 */
export interface SealedValue {
  $pd: string;
  c: string;
  e: unknown;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

export const newPersonalKey = (): Buffer => randomBytes(KEY_BYTES);

export function isSealed(value: unknown): value is SealedValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SealedValue).$pd === 'string' &&
    typeof (value as SealedValue).c === 'string'
  );
}

/** The value (any JSON) sealed under the subject's key; the subject's id is bound in as associated data. */
export function seal(value: unknown, subject: string, key: Buffer, erased: unknown): SealedValue {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subject, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { $pd: subject, c: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'), e: erased };
}

/** The sealed value, or its stand-in when the key is gone (null) or does not open it. */
export function open(sealed: SealedValue, key: Buffer | null): unknown {
  if (!key) return sealed.e;
  try {
    const bytes = Buffer.from(sealed.c, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(sealed.$pd, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(text.toString('utf8'));
  } catch {
    return sealed.e;
  }
}
