/*
 * The key an invoice's page was opened with, kept for this browser tab
 * (sessionStorage): Stripe sends the contact back to the invoice's page
 * without the key (a secret never goes to Stripe), and the page finds it here.
 */
const slot = (invoiceId: string) => `portal:invoice-key:${invoiceId}`;

export function keepInvoiceKey(invoiceId: string, key: string): void {
  try {
    sessionStorage.setItem(slot(invoiceId), key);
  } catch {
    // storage refused: back from Checkout, the page offers sign-in instead
  }
}

export function recallInvoiceKey(invoiceId: string): string | null {
  try {
    return sessionStorage.getItem(slot(invoiceId));
  } catch {
    return null;
  }
}

/** A key that opens nothing any more: the page then asks the session instead. */
export function forgetInvoiceKey(invoiceId: string): void {
  try {
    sessionStorage.removeItem(slot(invoiceId));
  } catch {
    // nothing kept
  }
}
