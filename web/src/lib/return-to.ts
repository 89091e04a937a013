/**
 * Where a signed-out contact was going, carried through sign-in: the sign-in
 * page asks for a link that comes back to it (requestLoginLink's returnTo),
 * and the link's page goes there after Continue. Only a page of this portal,
 * never its sign-in pages, never another site (the server checks it too).
 */
export function isReturnPath(slug: string, path: string | undefined | null): path is string {
  if (!path) return false;
  const base = `/p/${encodeURIComponent(slug)}/`;
  if (path.length > 1000 || !path.startsWith(base)) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(path) || path.includes('//')) return false;
  return !/^(login|auth)(\/|\?|#|$)/.test(path.slice(base.length));
}

/** The address of this page, for coming back to it. */
export const currentPath = () => `${window.location.pathname}${window.location.search}`;

/** The sign-in page, with the reason and the page to come back to. */
export function signInPath(
  path: (rest: string) => string,
  slug: string,
  options: { reason?: string; next?: string | null },
): string {
  const query = new URLSearchParams();
  if (options.reason) query.set('reason', options.reason);
  if (isReturnPath(slug, options.next)) query.set('next', options.next);
  const search = query.toString();
  return path(`/login${search ? `?${search}` : ''}`);
}
