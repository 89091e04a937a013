import type { Actor } from '../event-store/event.types';

export type MemberRole = 'OWNER' | 'MEMBER';

/** A member of a workspace, signed in with an API token or a console session (a cookie). */
export interface MemberViewer {
  kind: 'MEMBER';
  memberId: string;
  workspaceId: string;
  name: string;
  email: string;
  role: MemberRole;
  /** The API token the request came with (null: a console session). */
  tokenId: string | null;
  /** The console session the request came with (null: an API token). */
  sessionId: string | null;
}

/** A contact of a client, signed in to the portal with a session cookie. */
export interface ContactViewer {
  kind: 'CONTACT';
  contactId: string;
  clientId: string;
  workspaceId: string;
  name: string;
  email: string;
  sessionId: string;
  /** A member's read-only preview of what this contact sees (no session of theirs): the member's name. */
  previewBy?: string;
}

export type Viewer = MemberViewer | ContactViewer;

export function actorOf(viewer: Viewer): Actor {
  return viewer.kind === 'MEMBER'
    ? { kind: 'MEMBER', id: viewer.memberId, name: viewer.name }
    : { kind: 'CONTACT', id: viewer.contactId, name: viewer.name };
}
