import type { CredentialCache } from '../auth/credential.cache';
import type { GraphQLContext } from './context';
import type { RequestPlugin } from './request-hooks.plugin';

/**
 * A mutation answered by this process empties its credential cache before
 * the answer leaves: what it ended (a session, a contact's access, a role)
 * is then read afresh by the client's next request, even before PostgreSQL's
 * notification of the change has come back to this process.
 */
export function mutationForgetsCredentialsPlugin(
  credentials: CredentialCache,
): RequestPlugin<GraphQLContext> {
  return () => ({
    willSendResponse({ operation }) {
      if (operation?.operation === 'mutation') credentials.clear();
    },
  });
}
