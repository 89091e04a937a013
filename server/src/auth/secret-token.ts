import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url, with a prefix that says what the token is for. */
export function newSecretToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Tokens are stored only as their SHA-256. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** 32 random bytes, base64url: a sign-in link's or a session's token. */
export const randomToken = () => randomBytes(32).toString('base64url');
