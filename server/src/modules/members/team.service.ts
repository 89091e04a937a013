import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { MemberInvitationOutboxPayload } from '../../auth/member-sign-in.recorder';
import { createInvitationLink, endMemberAccess, INVITATION_DAYS } from '../../auth/member-session.service';
import { actorOf, type MemberViewer } from '../../auth/viewer';
import type { CommandHandler, HandleOptions } from '../../projections/command-handler';
import { DomainError } from '../../projections/domain.errors';
import { orUniqueViolation } from '../shared/unique-violation';
import { bad, isUuid } from '../shared/validation';
import { workspaceStreamId } from '../workspaces/workspace.events';
import type { Member, MemberRole } from '../workspaces/workspace.type';
import { teamDecider, type TeamCommand, type TeamState } from './team.decider';

const MEMBER_COLUMNS = `id, workspace_id AS "workspaceId", name, email, role, last_signed_in_at AS "lastSignedInAt",
  email_notifications AS "emailNotifications"`;

/** A workspace's team: always read and changed within the viewer's workspace. */
export class TeamService {
  constructor(
    private readonly pool: Pool,
    private readonly commands: CommandHandler,
    private readonly clock: () => Date,
  ) {}

  async list(workspaceId: string): Promise<Member[]> {
    const { rows } = await this.pool.query(
      `SELECT ${MEMBER_COLUMNS} FROM members WHERE workspace_id = $1 AND removed_at IS NULL ORDER BY created_at, id`,
      [workspaceId],
    );
    return rows;
  }

  async byId(workspaceId: string, memberId: string): Promise<Member | null> {
    if (!isUuid(memberId)) return null;
    const { rows } = await this.pool.query(
      `SELECT ${MEMBER_COLUMNS} FROM members WHERE id = $1 AND workspace_id = $2 AND removed_at IS NULL`,
      [memberId, workspaceId],
    );
    return rows[0] ?? null;
  }

  private async run(
    viewer: MemberViewer,
    command: TeamCommand,
    requestId: string,
    options: HandleOptions<TeamState, TeamCommand> = {},
  ) {
    return this.commands.handle(
      workspaceStreamId(viewer.workspaceId),
      teamDecider,
      command,
      { actor: actorOf(viewer), correlationId: requestId, tenantId: viewer.workspaceId },
      options,
    );
  }

  private requireId(id: string): string {
    if (!isUuid(id)) throw new DomainError('NOT_FOUND', 'member not found', 'id');
    return id;
  }

  /** Adds a member and emails an invitation to the console: a link that works once, for 7 days. */
  async invite(
    viewer: MemberViewer,
    input: { name: string; email: string; role: MemberRole },
    requestId: string,
  ): Promise<Member> {
    const memberId = randomUUID();
    const linkId = randomUUID();
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
    await this.run(
      viewer,
      {
        type: 'InviteMember',
        memberId,
        name: input.name,
        email: input.email,
        role: input.role,
        linkId,
        expiresAt,
      },
      requestId,
      {
        within: async (db, result) => {
          const token = await createInvitationLink(db, {
            linkId,
            workspaceId: viewer.workspaceId,
            memberId,
            createdAt: now,
            expiresAt,
          });
          const payload: MemberInvitationOutboxPayload = { kind: 'member-invitation', token };
          await db.query('INSERT INTO email_outbox (event_id, workspace_id, payload) VALUES ($1, $2, $3)', [
            result.events[0].eventId,
            viewer.workspaceId,
            JSON.stringify(payload),
          ]);
        },
      },
    ).catch(
      orUniqueViolation({
        members_live_email_key: bad('input.email', 'is already a member of this workspace'),
      }),
    );
    return (await this.byId(viewer.workspaceId, memberId))!;
  }

  async setRole(
    viewer: MemberViewer,
    memberId: string,
    role: MemberRole,
    requestId: string,
  ): Promise<Member> {
    await this.run(viewer, { type: 'SetMemberRole', memberId: this.requireId(memberId), role }, requestId);
    return (await this.byId(viewer.workspaceId, memberId))!;
  }

  /** Removes a member; their sessions, unused links and API tokens end in the same transaction. */
  async remove(viewer: MemberViewer, memberId: string, requestId: string): Promise<void> {
    await this.run(viewer, { type: 'RemoveMember', memberId: this.requireId(memberId) }, requestId, {
      within: (db) => endMemberAccess(db, memberId, this.clock()),
    });
  }
}
