import { createUnionType } from 'type-graphql';
import type { ContactViewer, MemberViewer as Member, Viewer } from '../auth/viewer';
import { ContactViewerType } from '../modules/portal/portal.type';
import { MemberViewer } from '../modules/workspaces/workspace.type';

/** The object type of a Viewer value: a member's has its `member`. */
export function viewerTypeName(value: object): 'MemberViewer' | 'ContactViewer' {
  return 'member' in value ? 'MemberViewer' : 'ContactViewer';
}

/** type-graphql runs this resolveType in an async function of its own; schema.ts sets viewerTypeName itself. */
export const ViewerUnion = createUnionType({
  name: 'Viewer',
  types: () => [MemberViewer, ContactViewerType] as const,
  resolveType: viewerTypeName,
});

/** For resolvers behind @Authorized('MEMBER'): the signed-in member. */
export function memberOf(context: { viewer: Viewer | null }): Member {
  return context.viewer as Member;
}

/** For resolvers behind @Authorized('CONTACT'): the signed-in contact. */
export function contactOf(context: { viewer: Viewer | null }): ContactViewer {
  return context.viewer as ContactViewer;
}

/** For resolvers behind @Authorized(): whoever is signed in. */
export function viewerOf(context: { viewer: Viewer | null }): Viewer {
  return context.viewer!;
}
