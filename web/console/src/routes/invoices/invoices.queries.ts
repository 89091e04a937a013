import { graphql } from '../../../../src/graphql/graphql';
import { InvoiceRowFields } from '../../components/invoice-row.queries';

export const InvoicesPageQuery = graphql(
  `
    query ConsoleInvoices(
      $after: String
      $status: InvoiceStatus
      $clientId: ID
      $projectId: ID
      $overdue: Boolean
    ) {
      invoicesPage(
        first: 25
        after: $after
        status: $status
        clientId: $clientId
        projectId: $projectId
        overdue: $overdue
      ) {
        edges {
          node {
            ...ConsoleInvoiceRow
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [InvoiceRowFields],
);

export const ConsoleInvoiceQuery = graphql(`
  query ConsoleInvoice($id: ID!) {
    invoice(id: $id) {
      id
      number
      status
      currency
      notes
      taxRatePercent
      taxLabel
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
      subtotal
      taxAmount
      total
      amountPaid
      amountDue
      amountOverpaid
      issuedAt
      dueDate
      paidAt
      overdue
      remindersEnabled
      pdfUrl
      payments {
        id
        amount
        method
        receivedAt
      }
      project {
        id
        name
        client {
          id
          name
        }
      }
    }
  }
`);

export const InvoiceTotalsQuery = graphql(`
  query ConsoleInvoiceTotals($input: InvoiceTotalsInput!) {
    invoiceTotals(input: $input) {
      lineItems {
        amount
      }
      taxLines {
        label
        ratePercent
        taxAmount
      }
      subtotal
      taxAmount
      total
    }
  }
`);

export const CreateInvoiceMutation = graphql(`
  mutation ConsoleCreateInvoice($input: CreateInvoiceInput!) {
    createInvoice(input: $input) {
      id
    }
  }
`);

export const UpdateInvoiceMutation = graphql(`
  mutation ConsoleUpdateInvoice($id: ID!, $input: UpdateInvoiceInput!) {
    updateInvoice(id: $id, input: $input) {
      id
      total
    }
  }
`);

export const SendInvoiceMutation = graphql(`
  mutation ConsoleSendInvoice($id: ID!) {
    sendInvoice(id: $id) {
      id
      status
    }
  }
`);

export const VoidInvoiceMutation = graphql(`
  mutation ConsoleVoidInvoice($id: ID!, $reason: String) {
    voidInvoice(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

export const RecordPaymentMutation = graphql(`
  mutation ConsoleRecordPayment($invoiceId: ID!, $amount: Int!, $method: String!, $note: String) {
    recordPayment(invoiceId: $invoiceId, amount: $amount, method: $method, note: $note) {
      id
      status
      amountDue
    }
  }
`);

export const NewInvoiceProjectQuery = graphql(`
  query ConsoleNewInvoiceProject($id: ID!) {
    project(id: $id) {
      id
      name
      client {
        id
        name
      }
    }
  }
`);

export const SetInvoiceRemindersMutation = graphql(`
  mutation ConsoleSetInvoiceReminders($id: ID!, $enabled: Boolean!) {
    setInvoiceReminders(id: $id, enabled: $enabled) {
      id
      remindersEnabled
    }
  }
`);

export const RecurringInvoicesQuery = graphql(`
  query ConsoleRecurringInvoices($projectId: ID) {
    recurringInvoices(projectId: $projectId) {
      id
      interval
      every
      startDate
      endDate
      count
      sendAutomatically
      dueInDays
      status
      endedReason
      nextIssueAt
      issuedCount
      template {
        id
        number
        currency
        total
      }
    }
  }
`);

export const ScheduleRecurringInvoiceMutation = graphql(`
  mutation ConsoleScheduleRecurringInvoice($input: ScheduleRecurringInvoiceInput!) {
    scheduleRecurringInvoice(input: $input) {
      id
      status
      nextIssueAt
    }
  }
`);

export const PauseRecurringInvoiceMutation = graphql(`
  mutation ConsolePauseRecurringInvoice($id: ID!) {
    pauseRecurringInvoice(id: $id) {
      id
      status
      nextIssueAt
    }
  }
`);

export const ResumeRecurringInvoiceMutation = graphql(`
  mutation ConsoleResumeRecurringInvoice($id: ID!) {
    resumeRecurringInvoice(id: $id) {
      id
      status
      nextIssueAt
    }
  }
`);

export const EndRecurringInvoiceMutation = graphql(`
  mutation ConsoleEndRecurringInvoice($id: ID!) {
    endRecurringInvoice(id: $id) {
      id
      status
      nextIssueAt
    }
  }
`);
