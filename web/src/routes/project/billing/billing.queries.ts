import { graphql, type ResultOf } from '../../../graphql/graphql';

/** The project's invoices as a contact sees them (the server leaves drafts out). */
export const BillingQuery = graphql(`
  query Billing($id: ID!) {
    project(id: $id) {
      id
      invoices {
        id
        number
        status
        currency
        lineItems {
          description
          quantity
          unitAmount
          amount
        }
        notes
        subtotal
        taxAmount
        total
        amountPaid
        amountDue
        issuedAt
        dueDate
        paidAt
        overdue
      }
    }
  }
`);

/** A Stripe Checkout session for the amount due; the browser is sent to its url. */
export const PayInvoiceMutation = graphql(`
  mutation PayInvoice($id: ID!) {
    payInvoice(id: $id) {
      url
      expiresAt
    }
  }
`);

export type BillingInvoice = NonNullable<ResultOf<typeof BillingQuery>['project']>['invoices'][number];

/** An invoice that can still take a payment. */
export const isPayable = (invoice: BillingInvoice): boolean =>
  invoice.amountDue > 0 && (invoice.status === 'SENT' || invoice.status === 'PARTIALLY_PAID');

/** Newest first: by issue date, then the most recently created (the server lists oldest first). */
export function newestFirst(invoices: readonly BillingInvoice[]): BillingInvoice[] {
  const issued = (invoice: BillingInvoice) => (invoice.issuedAt ? Date.parse(invoice.issuedAt) : 0);
  return [...invoices].reverse().sort((a, b) => issued(b) - issued(a));
}
