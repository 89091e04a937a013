import type { MemberViewer, Viewer } from './viewer';

/**
 * What a member's role allows, written once: every member may do everything
 * with clients, projects, invoices, settings and branding; an OWNER alone
 * manages the team and erases a person's personal data (@Authorized('OWNER')),
 * and sees or revokes other members' API tokens (ApiTokenService).
 */
export function isOwner(viewer: Viewer | null): viewer is MemberViewer {
  return viewer?.kind === 'MEMBER' && viewer.role === 'OWNER';
}

/** A member may act on what belongs to `memberId` (their API tokens): their own, or anyone's as an OWNER. */
export function mayActFor(viewer: MemberViewer, memberId: string): boolean {
  return viewer.memberId === memberId || isOwner(viewer);
}
