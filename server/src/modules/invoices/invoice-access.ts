import type { Invoice } from './invoice.type';

/**
 * What an invoice key grants: that one invoice (and its PDF), for that one
 * contact, and nothing else. A third kind of access beside members and
 * contacts, narrower than both: it is no viewer (the request stays
 * anonymous), it is carried by the invoice it opened, and every field that
 * leads from the invoice elsewhere refuses it.
 */
export interface InvoiceKeyGrant {
  keyId: string;
  /** The key itself, for the PDF's address on the key's page. */
  key: string;
  workspaceId: string;
  clientId: string;
  contactId: string;
  contactName: string;
  contactEmail: string;
  invoiceId: string;
  slug: string;
}

const KEY_ACCESS = Symbol('opened with an invoice key');

export type KeyedInvoice = Invoice & { [KEY_ACCESS]: InvoiceKeyGrant };

export function withKeyAccess(invoice: Invoice, grant: InvoiceKeyGrant): KeyedInvoice {
  return Object.assign(invoice, { [KEY_ACCESS]: grant });
}

/** The key an invoice was opened with; null for one a member or a signed-in contact reads. */
export function keyAccessOf(invoice: Invoice): InvoiceKeyGrant | null {
  return (invoice as Partial<KeyedInvoice>)[KEY_ACCESS] ?? null;
}
