import type { AuthChecker } from 'type-graphql';
import { isOwner } from '../auth/member-roles';
import type { GraphQLContext } from './context';
import { forbidden, unauthenticated } from './errors';

/** MEMBER: any member of a workspace; OWNER: a member whose role is OWNER (auth/member-roles.ts); CONTACT: a contact. */
export type Role = 'MEMBER' | 'OWNER' | 'CONTACT';

/**
 * @Authorized('MEMBER') and friends: no viewer is UNAUTHENTICATED, the wrong
 * kind of viewer FORBIDDEN, and a member without the OWNER role FORBIDDEN on
 * the team's operations.
 */
export const authChecker: AuthChecker<GraphQLContext, Role> = ({ context }, roles) => {
  const viewer = context.viewer;
  if (!viewer) throw unauthenticated();
  if (!roles.length) return true;
  if (roles.includes(viewer.kind)) return true;
  if (roles.includes('OWNER') && viewer.kind === 'MEMBER') {
    if (isOwner(viewer)) return true;
    throw forbidden('this is for members whose role is OWNER only');
  }
  throw forbidden(`this is for ${roles.map((role) => role.toLowerCase() + 's').join(' and ')} only`);
};
