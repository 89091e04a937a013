import { graphql, type ResultOf } from '../../../graphql/graphql';

export const MESSAGES_PAGE = 20;

/** MESSAGES_PAGE messages of the project, newest first, after a cursor (keyset). */
export const MessagesQuery = graphql(`
  query ProjectMessages($id: ID!, $first: Int!, $after: String) {
    project(id: $id) {
      id
      messages(first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            body
            postedAt
            author {
              kind
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
  }
`);

export const PostMessageMutation = graphql(`
  mutation PostMessage($projectId: ID!, $body: String!) {
    postMessage(projectId: $projectId, body: $body) {
      id
      body
      postedAt
      author {
        kind
        id
        name
      }
    }
  }
`);

export type Message = ResultOf<typeof PostMessageMutation>['postMessage'];

/** Each new message of the project as it is posted (by anyone, this viewer included). */
export const MessagePostedSubscription = graphql(`
  subscription MessagePosted($projectId: ID!) {
    messagePosted(projectId: $projectId) {
      id
      body
      postedAt
      author {
        kind
        id
        name
      }
    }
  }
`);
