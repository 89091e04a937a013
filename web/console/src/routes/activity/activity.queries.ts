import { graphql } from '../../../../src/graphql/graphql';

export const ActivityQuery = graphql(`
  query ConsoleActivity($after: String, $clientId: ID, $projectId: ID, $byContacts: Boolean) {
    activity(first: 25, after: $after, clientId: $clientId, projectId: $projectId, byContacts: $byContacts) {
      edges {
        node {
          id
          occurredAt
          type
          summary
          visibleToClient
          actor {
            kind
            name
          }
          clientId
          clientName
          projectId
          projectName
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ActivityClientsQuery = graphql(`
  query ConsoleActivityClients($after: String) {
    clientsPage(first: 50, after: $after, includeArchived: true) {
      edges {
        node {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ActivityClientProjectsQuery = graphql(`
  query ConsoleActivityClientProjects($id: ID!) {
    client(id: $id) {
      id
      projects {
        id
        name
      }
    }
  }
`);
