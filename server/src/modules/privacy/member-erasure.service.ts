import type { Pool } from 'pg';
import { endMemberAccess } from '../../auth/member-session.service';
import { actorOf, type MemberViewer } from '../../auth/viewer';
import type { EventStore } from '../../event-store/event-store';
import type { CommandHandler } from '../../projections/command-handler';
import { DomainError } from '../../projections/domain.errors';
import type { InlineProjectionRunner } from '../../projections/inline-projection';
import { memberSignInStreamId } from '../members/member.events';
import { erasedMemberEmail } from '../members/member.personal-data';
import { teamDecider } from '../members/team.decider';
import { isUuid } from '../shared/validation';
import { workspaceStreamId } from '../workspaces/workspace.events';
import { erase } from './subject-erasure';

/**
 * A removed member's erasure (subject-erasure.ts): MemberErased on the
 * workspace's stream. Only a removed member: a member of the team is erased
 * by removing them first, which ends their sessions and API tokens.
 */
export class MemberErasureService {
  constructor(
    private readonly pool: Pool,
    private readonly commands: CommandHandler,
    private readonly store: EventStore,
    private readonly projections: InlineProjectionRunner,
    private readonly clock: () => Date,
  ) {}

  async erase(viewer: MemberViewer, memberId: string, requestId: string): Promise<boolean> {
    if (!isUuid(memberId)) throw new DomainError('NOT_FOUND', 'member not found', 'memberId');
    await erase(
      { commands: this.commands, store: this.store, projections: this.projections },
      {
        subjectId: memberId,
        workspaceId: viewer.workspaceId,
        streamId: workspaceStreamId(viewer.workspaceId),
        decider: teamDecider,
        command: { type: 'EraseMember', memberId },
        context: { actor: actorOf(viewer), correlationId: requestId, tenantId: viewer.workspaceId },
        erasedAlready: (state) => state.erasedIds.includes(memberId),
        valueStreams: [workspaceStreamId(viewer.workspaceId), memberSignInStreamId(memberId)],
        emailStandIn: erasedMemberEmail(memberId),
        endAccess: (db) => endMemberAccess(db, memberId, this.clock()),
      },
    );
    return true;
  }
}
