import { graphql } from '../../../src/graphql/graphql';
import { InvoiceRowFields } from '../components/invoice-row.queries';

export const HomeQuery = graphql(
  `
    query ConsoleHomeLists($soon: DateTime!) {
      overdue: invoicesPage(first: 10, overdue: true) {
        edges {
          node {
            ...ConsoleInvoiceRow
          }
        }
        pageInfo {
          hasNextPage
        }
      }
      dueSoon: invoicesPage(first: 10, dueBefore: $soon) {
        edges {
          node {
            ...ConsoleInvoiceRow
          }
        }
      }
      recent: activity(first: 10, byContacts: true) {
        edges {
          node {
            id
            occurredAt
            summary
            projectId
            projectName
            clientId
            clientName
          }
        }
      }
    }
  `,
  [InvoiceRowFields],
);
