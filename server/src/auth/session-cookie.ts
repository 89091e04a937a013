import type { Response } from 'express';

/** A contact's portal session. */
export const SESSION_COOKIE = 'portal_session';
/** A member's console session: another cookie, never standing for the contact's (or the other way round). */
export const MEMBER_SESSION_COOKIE = 'portal_member_session';
export const SESSION_DAYS = 30;

/** A cookie's value from a Cookie header; null when absent or not decodable (a malformed cookie is nobody's). */
export function cookieValue(cookieHeader: string | undefined, cookie: string): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name !== cookie) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return null;
    }
  }
  return null;
}

/** The token of the portal session cookie in a Cookie header, if any. */
export function sessionTokenFrom(cookieHeader: string | undefined): string | null {
  return cookieValue(cookieHeader, SESSION_COOKIE);
}

/** HttpOnly, SameSite=Lax, Path=/, Secure behind https, 30 days (renewed on use). */
export function setSessionCookie(res: Response, token: string, secure: boolean, name = SESSION_COOKIE): void {
  res.cookie(name, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: SESSION_DAYS * 24 * 60 * 60 * 1000,
  });
}

export function clearSessionCookie(res: Response, secure: boolean, name = SESSION_COOKIE): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
