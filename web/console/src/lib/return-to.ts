/*
 * Where a signed-out member was going (an email's link to an invoice, say):
 * carried as ?next= through the sign-in page into the emailed link, kept in
 * this tab as well, and followed after signing in.
 */
const KEY = 'console:return-to';

/** Only console pages, never the sign-in pages nor another site (the server checks the same). */
export function safeReturnTo(path: string | null | undefined): string | null {
  if (!path || path.length > 1000 || !path.startsWith('/app/')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(path) || path.includes('//')) return null;
  return /^\/app\/(login|auth)(\/|\?|#|$)/.test(path) ? null : path;
}

/** The sign-in page's address that comes back to `path` after. */
export function loginPathFor(path: string): string {
  const kept = safeReturnTo(path);
  return kept && kept !== '/app/' ? `/app/login?next=${encodeURIComponent(kept)}` : '/app/login';
}

export function rememberReturnTo(path: string | null | undefined): void {
  const kept = safeReturnTo(path);
  try {
    if (kept) sessionStorage.setItem(KEY, kept);
  } catch {
    // storage refused: the link's next= still carries it
  }
}

/** Where to go once signed in: the link's own `next`, else what this tab kept, else home. */
export function takeReturnTo(next?: string | null): string {
  let kept: string | null = null;
  try {
    kept = safeReturnTo(sessionStorage.getItem(KEY));
    sessionStorage.removeItem(KEY);
  } catch {
    // storage refused
  }
  return safeReturnTo(next) ?? kept ?? '/app/';
}
