import { graphql } from '../../graphql/graphql';

/** The contact's client's active projects, each with its newest timeline entry (its last activity). */
export const ProjectsQuery = graphql(`
  query Projects {
    projects {
      id
      name
      status
      createdAt
      timeline(first: 1) {
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
