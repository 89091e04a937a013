import { graphql } from '../../graphql/graphql';

/** The project's heading: the tabs load their own parts. */
export const ProjectHeadQuery = graphql(`
  query ProjectHead($id: ID!) {
    project(id: $id) {
      id
      name
      status
    }
  }
`);
