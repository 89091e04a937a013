import { graphql, type ResultOf } from '../graphql/graphql';

export const PortalQuery = graphql(`
  query Portal($slug: String!) {
    portal(slug: $slug) {
      slug
      enabled
      onlinePaymentEnabled
      branding {
        companyName
        logoUrl
        backgroundImageUrl
        accentColor
        showYourBrand
      }
    }
  }
`);

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      __typename
      ... on ContactViewer {
        contact {
          id
          name
          email
        }
        client {
          id
          name
        }
        portal {
          slug
        }
        previewBy
        taskSettings {
          visibility
          clientsCanCreate
          clientsCanEdit
          clientsCanComment
        }
      }
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);

export type PortalInfo = NonNullable<ResultOf<typeof PortalQuery>['portal']>;
type AnyViewer = NonNullable<ResultOf<typeof ViewerQuery>['viewer']>;
export type ContactViewer = Extract<AnyViewer, { __typename: 'ContactViewer' }>;
export type TaskSettings = ContactViewer['taskSettings'];
