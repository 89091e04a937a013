import { graphql, type ResultOf } from '../../src/graphql/graphql';

export const RequestMemberSignInLinkMutation = graphql(`
  mutation RequestMemberSignInLink($email: String!, $returnTo: String) {
    requestMemberSignInLink(email: $email, returnTo: $returnTo)
  }
`);

export const SignInMemberMutation = graphql(`
  mutation SignInMember($token: String!) {
    signInMember(token: $token) {
      workspace {
        id
      }
    }
  }
`);

/** Who is signed in to the console, their workspace as every page needs it, and their other workspaces. */
export const ConsoleMeQuery = graphql(`
  query ConsoleMe {
    viewer {
      __typename
      ... on MemberViewer {
        member {
          id
          name
          email
          role
        }
        workspace {
          id
          name
          slug
          portalUrl
          portalEnabled
          onlinePaymentEnabled
          branding {
            companyName
            accentColor
            showYourBrand
            logoUrl
            backgroundImageUrl
          }
          taskSettings {
            visibility
            clientsCanCreate
            clientsCanEdit
            clientsCanComment
          }
        }
        workspaces {
          id
          name
          current
        }
      }
    }
  }
`);

export const SwitchWorkspaceMutation = graphql(`
  mutation SwitchWorkspace($workspaceId: ID!) {
    switchWorkspace(workspaceId: $workspaceId) {
      workspace {
        id
      }
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation ConsoleSignOut {
    signOut
  }
`);

type AnyViewer = NonNullable<ResultOf<typeof ConsoleMeQuery>['viewer']>;
export type ConsoleMe = Extract<AnyViewer, { __typename: 'MemberViewer' }>;
