import { defineProjection } from '../../projections/inline-projection';
import type { WorkspaceCreated } from '../workspaces/workspace.events';
import type { MemberSignedIn, TeamEvent } from './member.events';
import { ERASED_MEMBER_NAME, erasedMemberEmail } from './member.personal-data';

/** members: the team of each workspace, its roles, and when each member last signed in. */
export const memberProjection = defineProjection<WorkspaceCreated | TeamEvent | MemberSignedIn>({
  name: 'members',
  tables: ['members'],
  handlers: {
    async WorkspaceCreated({ data, recordedAt }, db) {
      await db.query(
        `INSERT INTO members (id, workspace_id, name, email, role, created_at) VALUES ($1, $2, $3, $4, 'OWNER', $5)`,
        [data.owner.memberId, data.workspaceId, data.owner.name, data.owner.email, recordedAt],
      );
    },
    async MemberInvited({ data, recordedAt }, db) {
      await db.query(
        `INSERT INTO members (id, workspace_id, name, email, role, created_at, invited_at) VALUES ($1, $2, $3, $4, $5, $6, $6)`,
        [data.memberId, data.workspaceId, data.name, data.email, data.role, recordedAt],
      );
    },
    async MemberRoleChanged({ data }, db) {
      await db.query('UPDATE members SET role = $2 WHERE id = $1', [data.memberId, data.role]);
    },
    async MemberRemoved({ data, recordedAt }, db) {
      await db.query('UPDATE members SET removed_at = $2 WHERE id = $1', [data.memberId, recordedAt]);
    },
    async MemberErased({ data }, db) {
      await db.query('UPDATE members SET name = $2, email = $3, last_signed_in_at = NULL WHERE id = $1', [
        data.memberId,
        ERASED_MEMBER_NAME,
        erasedMemberEmail(data.memberId),
      ]);
    },
    async MemberSignedIn({ data }, db) {
      await db.query('UPDATE members SET last_signed_in_at = $2 WHERE id = $1', [
        data.memberId,
        data.signedInAt,
      ]);
    },
  },
});
