import { graphql } from '../../../../src/graphql/graphql';

export const ClientsPageQuery = graphql(`
  query ConsoleClients($after: String, $search: String, $includeArchived: Boolean) {
    clientsPage(first: 25, after: $after, search: $search, includeArchived: $includeArchived) {
      edges {
        node {
          id
          name
          archived
          contacts {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const CreateClientMutation = graphql(`
  mutation ConsoleCreateClient($input: CreateClientInput!) {
    createClient(input: $input) {
      id
    }
  }
`);

export const ClientQuery = graphql(`
  query ConsoleClient($id: ID!) {
    client(id: $id) {
      id
      name
      archived
      contacts {
        id
        name
        email
        lastSignedInAt
      }
      projects {
        id
        name
        status
        createdAt
      }
      billingDetails {
        name
        address
        taxId
      }
    }
    clientStatement(clientId: $id) {
      pdfUrl
      balances {
        currency
        invoiced
        paid
        balance
      }
    }
  }
`);

export const RenameClientMutation = graphql(`
  mutation ConsoleRenameClient($id: ID!, $name: String!) {
    renameClient(id: $id, name: $name) {
      id
      name
    }
  }
`);

export const ArchiveClientMutation = graphql(`
  mutation ConsoleArchiveClient($id: ID!) {
    archiveClient(id: $id) {
      id
      archived
    }
  }
`);

export const UnarchiveClientMutation = graphql(`
  mutation ConsoleUnarchiveClient($id: ID!) {
    unarchiveClient(id: $id) {
      id
      archived
    }
  }
`);

export const AddContactMutation = graphql(`
  mutation ConsoleAddContact($clientId: ID!, $input: ContactInput!) {
    addContact(clientId: $clientId, input: $input) {
      id
    }
  }
`);

export const RenameContactMutation = graphql(`
  mutation ConsoleRenameContact($contactId: ID!, $name: String!) {
    renameContact(contactId: $contactId, name: $name) {
      id
      name
    }
  }
`);

export const ChangeContactEmailMutation = graphql(`
  mutation ConsoleChangeContactEmail($contactId: ID!, $email: String!) {
    changeContactEmail(contactId: $contactId, email: $email) {
      id
      email
    }
  }
`);

export const RemoveContactMutation = graphql(`
  mutation ConsoleRemoveContact($contactId: ID!) {
    removeContact(contactId: $contactId) {
      id
    }
  }
`);

export const StartPreviewMutation = graphql(`
  mutation ConsoleStartPreview($contactId: ID!) {
    startPortalPreview(contactId: $contactId) {
      url
    }
  }
`);

export const CreateProjectMutation = graphql(`
  mutation ConsoleCreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      id
    }
  }
`);

export const UpdateClientBillingDetailsMutation = graphql(`
  mutation ConsoleUpdateClientBillingDetails($clientId: ID!, $input: ClientBillingDetailsInput!) {
    updateClientBillingDetails(clientId: $clientId, input: $input) {
      id
      billingDetails {
        name
        address
        taxId
      }
    }
  }
`);
