/**
 * What email_outbox.payload holds for a SignInLinkRequested event: the raw
 * token, written with the event and read (then deleted) by the email
 * dispatcher, which seals it into the email job. It never enters an event.
 */
export interface SignInOutboxPayload {
  kind: 'sign-in';
  token: string;
  /** The portal page the person was going to, to come back to after signing in (a path under /p/SLUG/). */
  returnTo?: string;
}

/**
 * A path of this portal to come back to after signing in: /p/SLUG/ and more,
 * no scheme, host, backslash, control character or second slash at its
 * start (so never another site), and not the sign-in pages themselves.
 */
export function isReturnPath(slug: string, path: string): boolean {
  const base = `/p/${encodeURIComponent(slug)}/`;
  if (path.length > 1000 || !path.startsWith(base)) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(path) || path.includes('//')) return false;
  const rest = path.slice(base.length);
  return !/^(login|auth)(\/|\?|#|$)/.test(rest);
}

/**
 * A console page to come back to after a member signs in (an email's link to
 * a project, say): under /app/, never the sign-in pages, never another site.
 */
export function isConsoleReturnPath(path: string): boolean {
  if (path.length > 1000 || !path.startsWith('/app/')) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(path) || path.includes('//')) return false;
  return !/^\/app\/(login|auth)(\/|\?|#|$)/.test(path);
}
