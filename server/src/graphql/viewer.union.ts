import { createUnionType } from 'type-graphql';
import { MemberViewer } from '../modules/workspaces/workspace.type';

export const ViewerUnion = createUnionType({
  name: 'Viewer',
  types: () => [MemberViewer] as const,
  resolveType: (value) => ('member' in value ? MemberViewer : undefined),
});

/** For resolvers behind @Authorized('MEMBER'): the signed-in member. */
export function memberOf(context: { viewer: unknown }) {
  return context.viewer as import('../auth/viewer').MemberViewer;
}
