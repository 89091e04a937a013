import { graphql, type ResultOf } from '../../../graphql/graphql';

/** TIMELINE_PAGE entries of the project's timeline, newest first, after a cursor (keyset). */
export const TimelineQuery = graphql(`
  query ProjectTimeline($id: ID!, $first: Int!, $after: String) {
    project(id: $id) {
      id
      timeline(first: $first, after: $after) {
        edges {
          cursor
          node {
            id
            occurredAt
            type
            summary
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

export const TIMELINE_PAGE = 20;

/** The project's files and links, newest first; a FILE's url is a signed GET valid 5 minutes. */
export const DocumentsQuery = graphql(`
  query ProjectDocuments($id: ID!) {
    project(id: $id) {
      id
      documents {
        id
        kind
        name
        contentType
        size
        url
        sharedAt
        sharedBy {
          kind
          name
        }
      }
    }
  }
`);

export const RequestUploadMutation = graphql(`
  mutation RequestDocumentUpload($input: RequestUploadInput!) {
    requestUpload(input: $input) {
      uploadId
      url
      fields {
        name
        value
      }
      maxSize
      expiresAt
    }
  }
`);

export const CompleteUploadMutation = graphql(`
  mutation CompleteDocumentUpload($uploadId: ID!) {
    completeDocumentUpload(uploadId: $uploadId) {
      id
      kind
      name
      size
    }
  }
`);

type TimelineConnection = NonNullable<ResultOf<typeof TimelineQuery>['project']>['timeline'];
export type TimelineEdge = TimelineConnection['edges'][number];
export type TimelinePageInfo = TimelineConnection['pageInfo'];
export type ProjectDocument = NonNullable<ResultOf<typeof DocumentsQuery>['project']>['documents'][number];
export type UploadTicket = ResultOf<typeof RequestUploadMutation>['requestUpload'];

/** A new entry of the project's timeline, as it is recorded (the first page is then asked again). */
export const TimelineEntryAdded = graphql(`
  subscription TimelineEntryAdded($projectId: ID!) {
    timelineEntryAdded(projectId: $projectId) {
      id
    }
  }
`);
