import { graphql } from '../../src/graphql/graphql';

export const RequestMemberSignInLinkMutation = graphql(`
  mutation RequestMemberSignInLink($email: String!) {
    requestMemberSignInLink(email: $email)
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

export const ConsoleHomeQuery = graphql(`
  query ConsoleHome {
    viewer {
      __typename
      ... on MemberViewer {
        member {
          id
          name
          role
        }
        workspace {
          id
          name
          portalUrl
          members {
            id
            name
            email
            role
            lastSignedInAt
          }
        }
      }
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation ConsoleSignOut {
    signOut
  }
`);
