import type { AuthChecker } from 'type-graphql';
import type { GraphQLContext } from './context';
import { forbidden, unauthenticated } from './errors';

export type Role = 'MEMBER' | 'CONTACT';

/** @Authorized('MEMBER') and friends: no viewer is UNAUTHENTICATED, the wrong kind of viewer FORBIDDEN. */
export const authChecker: AuthChecker<GraphQLContext, Role> = ({ context }, roles) => {
  if (!context.viewer) throw unauthenticated();
  if (roles.length && !roles.includes(context.viewer.kind)) {
    throw forbidden(`this is for ${roles.map((role) => role.toLowerCase() + 's').join(' and ')} only`);
  }
  return true;
};
