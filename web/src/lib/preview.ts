/*
 * A member's read-only preview of the portal as one contact sees it. The
 * console opens /p/SLUG/preview#token=…; the token stays in this tab's
 * sessionStorage (never a cookie, never in an address the server sees) and
 * goes along with every request as x-portal-preview.
 */
const key = (slug: string) => `portal:${slug}:preview`;

/** The slug of the portal this page is on (/p/SLUG/…), if any. */
export function currentSlug(): string | null {
  const match = /^\/p\/([^/]+)/.exec(location.pathname);
  return match ? decodeURIComponent(match[1]) : null;
}

export function previewToken(slug: string | null = currentSlug()): string | null {
  if (!slug) return null;
  try {
    return sessionStorage.getItem(key(slug));
  } catch {
    return null;
  }
}

/** Keeps the token of #token=… for this tab; false when the address holds none. */
export function beginPreview(slug: string, hash: string): boolean {
  const token = /^#token=([\w-]+)$/.exec(hash)?.[1];
  if (!token) return false;
  try {
    sessionStorage.setItem(key(slug), token);
    return true;
  } catch {
    return false;
  }
}

export function endPreview(slug: string): void {
  try {
    sessionStorage.removeItem(key(slug));
  } catch {
    // nothing kept
  }
}
