import { createSignal } from 'solid-js';

/**
 * Set when the server answers UNAUTHENTICATED to a signed-in page (the
 * session expired, was signed out elsewhere, the client was archived…);
 * the portal layout then sends the contact to sign in with a message.
 */
const [sessionEnded, setSessionEnded] = createSignal(0);
export { sessionEnded };
export const markSessionEnded = () => setSessionEnded((n) => n + 1);

/** The ?reason= the sign-in page explains. */
export type SignInReason = 'session-ended' | 'signed-out';

export const SIGN_IN_REASONS: Record<SignInReason, string> = {
  'session-ended': 'Your session has ended. Enter your email to get a new sign-in link.',
  'signed-out': 'You have signed out.',
};

/*
 * Whether this browser had a session on a portal: a page that finds nobody
 * signed in can then tell "your session has ended" from a first visit.
 * Only a flag per portal is kept, never the session itself (an HttpOnly cookie).
 */
const key = (slug: string) => `portal:${slug}:signed-in`;

export function rememberSignedIn(slug: string): void {
  try {
    localStorage.setItem(key(slug), '1');
  } catch {
    // storage refused (private mode): the message is then the plain one
  }
}

/** Forgets the flag and says whether it was there. */
export function takeSignedIn(slug: string): boolean {
  try {
    const had = localStorage.getItem(key(slug)) === '1';
    localStorage.removeItem(key(slug));
    return had;
  } catch {
    return false;
  }
}
