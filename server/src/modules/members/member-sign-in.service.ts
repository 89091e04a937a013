import type { PoolClient } from 'pg';
import type { MemberSignInRecorder, SignInMember } from '../../auth/member-sign-in.recorder';
import type { Actor } from '../../event-store/event.types';
import type { CommandHandler } from '../../projections/command-handler';
import { memberSignInDecider, type MemberSignInCommand } from './member-sign-in.decider';
import { memberSignInStreamId } from './member.events';

class NoLongerAMember extends Error {}

/**
 * A member's sign-in activity, on the member's own stream (no expected
 * version). Whether they are still a member is read in the same transaction
 * under a share lock on their row, which a removal updates before it ends
 * their sessions: a sign-in under way is waited for (and its session ended),
 * or refused.
 */
export class MemberSignInService implements MemberSignInRecorder {
  constructor(private readonly commands: CommandHandler) {}

  recordLinkRequest(
    member: SignInMember,
    link: { linkId: string; expiresAt: Date; batchId: string; batchIndex: number; batchSize: number },
    requestId: string,
    within: (db: PoolClient, eventId: string) => Promise<void>,
  ): Promise<boolean> {
    // Whoever typed the address is not known yet: the system records the request.
    return this.record(
      member,
      {
        type: 'RequestMemberSignInLink',
        workspaceId: member.workspaceId,
        memberId: member.memberId,
        ...link,
      },
      { kind: 'SYSTEM', id: null, name: 'Console sign-in' },
      requestId,
      within,
    );
  }

  recordSignIn(
    member: SignInMember,
    sessionId: string,
    requestId: string,
    within: (db: PoolClient, eventId: string) => Promise<void>,
  ): Promise<boolean> {
    return this.record(
      member,
      {
        type: 'RecordMemberSignIn',
        workspaceId: member.workspaceId,
        memberId: member.memberId,
        name: member.name,
        sessionId,
      },
      { kind: 'MEMBER', id: member.memberId, name: member.name },
      requestId,
      within,
    );
  }

  private async record(
    member: SignInMember,
    command: MemberSignInCommand,
    actor: Actor,
    requestId: string,
    within: (db: PoolClient, eventId: string) => Promise<void>,
  ): Promise<boolean> {
    try {
      await this.commands.handle(
        memberSignInStreamId(member.memberId),
        memberSignInDecider,
        command,
        { actor, correlationId: requestId, tenantId: member.workspaceId },
        {
          anyVersion: true,
          prepare: async (db, cmd) => {
            const { rowCount } = await db.query(
              'SELECT 1 FROM members WHERE id = $1 AND workspace_id = $2 AND removed_at IS NULL FOR SHARE',
              [member.memberId, member.workspaceId],
            );
            if (rowCount !== 1) throw new NoLongerAMember();
            return cmd;
          },
          within: (db, result) => within(db, result.events[0].eventId),
        },
      );
      return true;
    } catch (error) {
      if (error instanceof NoLongerAMember) return false;
      throw error;
    }
  }
}
