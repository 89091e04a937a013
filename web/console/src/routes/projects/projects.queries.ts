import { TaskFields } from '../../../../src/routes/project/tasks/tasks.queries';
import { graphql } from '../../../../src/graphql/graphql';

export const ProjectsPageQuery = graphql(`
  query ConsoleProjects($after: String, $status: ProjectStatus, $search: String) {
    projectsPage(first: 25, after: $after, status: $status, search: $search) {
      edges {
        node {
          id
          name
          status
          createdAt
          client {
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

export const ConsoleProjectQuery = graphql(`
  query ConsoleProject($id: ID!) {
    project(id: $id) {
      id
      name
      status
      createdAt
      client {
        id
        name
        archived
        contacts {
          id
          name
        }
      }
    }
  }
`);

export const ConsoleTimelineQuery = graphql(`
  query ConsoleTimeline($id: ID!, $after: String) {
    project(id: $id) {
      id
      timeline(first: 20, after: $after) {
        edges {
          node {
            id
            occurredAt
            summary
            visibleToClient
            actor {
              kind
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
  }
`);

export const RenameProjectMutation = graphql(`
  mutation ConsoleRenameProject($id: ID!, $name: String!) {
    renameProject(id: $id, name: $name) {
      id
      name
    }
  }
`);

export const SetProjectStatusMutation = graphql(`
  mutation ConsoleSetProjectStatus($id: ID!, $status: ProjectStatus!) {
    setProjectStatus(id: $id, status: $status) {
      id
      status
    }
  }
`);

export const ShareLinkMutation = graphql(`
  mutation ConsoleShareLink($projectId: ID!, $title: String!, $url: String!) {
    shareLink(projectId: $projectId, title: $title, url: $url) {
      id
    }
  }
`);

export const RemoveDocumentMutation = graphql(`
  mutation ConsoleRemoveDocument($id: ID!) {
    removeDocument(id: $id)
  }
`);

export const ConsoleTasksQuery = graphql(
  `
    query ConsoleTasks($id: ID!) {
      project(id: $id) {
        id
        tasks {
          ...TaskFields
          sharedWithClient
        }
      }
    }
  `,
  [TaskFields],
);

/** A new entry of the project's timeline, as it is recorded (the list is then asked again). */
export const ConsoleTimelineEntryAdded = graphql(`
  subscription ConsoleTimelineEntryAdded($projectId: ID!) {
    timelineEntryAdded(projectId: $projectId) {
      id
    }
  }
`);

/** The project as it stood at an instant, rebuilt from the log (read-only). */
export const ConsoleProjectAtQuery = graphql(`
  query ConsoleProjectAt($id: ID!, $at: DateTime!) {
    projectAt(id: $id, at: $at) {
      id
      name
      status
      client {
        id
        name
      }
      documents {
        id
        kind
        name
        sharedAt
      }
      invoices {
        id
        number
        status
        currency
        total
        amountPaid
      }
      tasks {
        id
        title
        status
        comments {
          id
        }
      }
      timeline(first: 50) {
        edges {
          node {
            id
            occurredAt
            summary
          }
        }
      }
    }
  }
`);
