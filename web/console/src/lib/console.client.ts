import { createPortalClient } from '../../../src/lib/urql';

/** The console's urql client: the portal's, as a member (the member's cookie, never a contact's). */
export const createConsoleClient = (onSessionEnded: () => void) =>
  createPortalClient(onSessionEnded, '/graphql', 'member', /signInMember/);
