import { graphql } from '../../graphql/graphql';

export const RequestLoginLinkMutation = graphql(`
  mutation RequestLoginLink($slug: String!, $email: String!, $returnTo: String) {
    requestLoginLink(slug: $slug, email: $email, returnTo: $returnTo)
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
