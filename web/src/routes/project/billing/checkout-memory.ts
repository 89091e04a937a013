/*
 * The Checkout return URL names the project, not the invoice. When Pay is
 * pressed, the tab remembers (sessionStorage, this browser tab only) which
 * invoice was being paid and how much was due then; back from Checkout, the
 * payment counts as received once that invoice's amount due has dropped
 * below it (or it is PAID). Kept until the contact dismisses the notice, so
 * reloading the return page still tells the right story.
 */
export interface PendingCheckout {
  invoiceId: string;
  number: string;
  amountDue: number;
  at: number;
}

/** Stripe Checkout sessions expire after a day: an older memory is stale. */
const MAX_AGE_MS = 24 * 3600 * 1000;
const key = (projectId: string) => `portal:checkout:${projectId}`;

export function rememberCheckout(projectId: string, pending: Omit<PendingCheckout, 'at'>): void {
  try {
    sessionStorage.setItem(key(projectId), JSON.stringify({ ...pending, at: Date.now() }));
  } catch {
    // storage refused: the return page then falls back to "any invoice whose amount due drops"
  }
}

export function recallCheckout(projectId: string): PendingCheckout | null {
  try {
    const raw = sessionStorage.getItem(key(projectId));
    const pending = raw ? (JSON.parse(raw) as PendingCheckout) : null;
    if (!pending || typeof pending.invoiceId !== 'string' || typeof pending.amountDue !== 'number')
      return null;
    return Date.now() - pending.at < MAX_AGE_MS ? pending : null;
  } catch {
    return null;
  }
}

export function forgetCheckout(projectId: string): void {
  try {
    sessionStorage.removeItem(key(projectId));
  } catch {
    // nothing to forget
  }
}
