import { graphql, type ResultOf } from '../../graphql/graphql';

/** The invoice as its page shows it: the same fields by key and by session. */
export const SheetInvoiceFields = graphql(`
  fragment SheetInvoice on Invoice @_unmask {
    id
    number
    status
    currency
    portalSlug
    lineItems {
      description
      quantity
      unitAmount
      amount
      taxRatePercent
      taxLabel
    }
    taxLines {
      label
      ratePercent
      taxableAmount
      taxAmount
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
    pdfUrl
    paymentInstructions
    payments {
      id
      amount
      method
      receivedAt
    }
  }
`);

export const InvoiceByKeyQuery = graphql(
  `
    query InvoiceByKey($key: String!) {
      invoiceByKey(key: $key) {
        ...SheetInvoice
      }
    }
  `,
  [SheetInvoiceFields],
);

export const InvoiceByIdQuery = graphql(
  `
    query InvoiceById($id: ID!) {
      invoice(id: $id) {
        ...SheetInvoice
      }
    }
  `,
  [SheetInvoiceFields],
);

export const PayInvoiceByKeyMutation = graphql(`
  mutation PayInvoiceByKey($key: String!) {
    payInvoiceByKey(key: $key) {
      url
    }
  }
`);

export const PayInvoiceByIdMutation = graphql(`
  mutation PayInvoiceById($id: ID!) {
    payInvoice(id: $id) {
      url
    }
  }
`);

export type SheetInvoice = ResultOf<typeof SheetInvoiceFields>;

/** An invoice that can still take a payment. */
export const canPay = (invoice: SheetInvoice): boolean =>
  invoice.amountDue > 0 && (invoice.status === 'SENT' || invoice.status === 'PARTIALLY_PAID');
