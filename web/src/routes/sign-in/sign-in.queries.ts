import { graphql } from '../../graphql/graphql';

export const RequestLoginLinkMutation = graphql(`
  mutation RequestLoginLink($slug: String!, $email: String!) {
    requestLoginLink(slug: $slug, email: $email)
  }
`);

export const SignInWithLoginLinkMutation = graphql(`
  mutation SignInWithLoginLink($token: String!) {
    signInWithLoginLink(token: $token) {
      contact {
        id
      }
    }
  }
`);
