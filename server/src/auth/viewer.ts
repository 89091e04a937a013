import type { Actor } from '../event-store/event.types';

/** A member of a workspace, signed in with an API token. */
export interface MemberViewer {
  kind: 'MEMBER';
  memberId: string;
  workspaceId: string;
  name: string;
  email: string;
  tokenId: string;
}

export type Viewer = MemberViewer;

export function actorOf(viewer: Viewer): Actor {
  return { kind: viewer.kind, id: viewer.memberId, name: viewer.name };
}
