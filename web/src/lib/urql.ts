import { Client, cacheExchange, fetchExchange, mapExchange, type CombinedError } from '@urql/core';
import { liveExchange } from './live';
import { previewToken } from './preview';

/** The GraphQL error code of a failed operation (first error), if any. */
export function errorCode(error: CombinedError | undefined): string | undefined {
  const code = error?.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/** What a person can read about a failed operation: the server's message for input and access errors, a plain line otherwise. */
export function errorMessage(error: CombinedError | undefined): string {
  if (!error) return '';
  if (error.networkError) return 'The portal cannot be reached. Check your connection and try again.';
  const first = error.graphQLErrors[0];
  if (!first) return 'Something went wrong. Please try again.';
  const code = errorCode(error);
  // The server's own words for what a person can act on; anything else is masked anyway.
  const readable = ['BAD_USER_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'UNAUTHENTICATED'];
  return code && readable.includes(code) ? first.message : 'Something went wrong. Please try again.';
}

/**
 * The portal's (and the console's) one urql client: POST only (Apollo's CSRF
 * guard refuses a GET), the session cookie sent along with the header that
 * says which of the browser's sessions this app is, and a hook told when the
 * server says the session is gone (UNAUTHENTICATED), so the page can send the
 * person back to sign in.
 */
export function createPortalClient(
  onSessionEnded: () => void,
  url = '/graphql',
  /** Who this app signs in as: a browser may hold a contact's and a member's session at once. */
  viewer: 'contact' | 'member' = 'contact',
  signInOperation = /signInWithLoginLink/,
): Client {
  return new Client({
    url,
    preferGetMethod: false,
    fetchOptions: () => {
      // A member's preview of the portal (lib/preview.ts): that token alone says who is looking.
      const preview = viewer === 'contact' ? previewToken() : null;
      return {
        credentials: 'same-origin',
        headers: { 'x-portal-viewer': viewer, ...(preview ? { 'x-portal-preview': preview } : {}) },
      };
    },
    requestPolicy: 'cache-and-network',
    exchanges: [
      mapExchange({
        onError(error, operation) {
          // A sign-in attempt that fails is the auth page's to explain; anything else means the session ended.
          const signingIn =
            operation.kind === 'mutation' && signInOperation.test(operation.query.loc?.source.body ?? '');
          if (!signingIn && errorCode(error) === 'UNAUTHENTICATED') onSessionEnded();
        },
      }),
      cacheExchange,
      fetchExchange,
      // Subscriptions (live updates) over the app's WebSocket (lib/live.ts).
      liveExchange(viewer),
    ],
  });
}
