import { graphql, type ResultOf } from '../../../src/graphql/graphql';

/** What a row of an invoice list shows; every list of invoices reads these fields. */
export const InvoiceRowFields = graphql(`
  fragment ConsoleInvoiceRow on Invoice @_unmask {
    id
    number
    status
    currency
    total
    amountDue
    dueDate
    overdue
    project {
      id
      name
      client {
        name
      }
    }
  }
`);

export type InvoiceRowData = ResultOf<typeof InvoiceRowFields>;
