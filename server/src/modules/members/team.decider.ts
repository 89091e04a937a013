import type { Decider } from '../../projections/decider';
import { DomainError } from '../../projections/domain.errors';
import { bad, requireEmail, requireName, sameEmail } from '../shared/validation';
import type { WorkspaceEvent } from '../workspaces/workspace.events';
import type { MemberRole, TeamEvent } from './member.events';

export type TeamCommand =
  | {
      type: 'InviteMember';
      memberId: string;
      name: string;
      email: string;
      role: MemberRole;
      linkId: string;
      expiresAt: Date;
    }
  | { type: 'SetMemberRole'; memberId: string; role: MemberRole }
  | { type: 'RemoveMember'; memberId: string }
  /** Erases a removed member's personal data; nothing to decide when they are erased already. */
  | { type: 'EraseMember'; memberId: string };

interface TeamMember {
  name: string;
  email: string;
  role: MemberRole;
}

export interface TeamState {
  workspaceId: string | null;
  /** The members of now; a removed member is gone from here (the log keeps them). */
  members: ReadonlyMap<string, TeamMember>;
  /** Members removed (erasable), and erased. */
  removedIds: readonly string[];
  erasedIds: readonly string[];
}

export const MAX_MEMBERS = 100;
const ROLES: readonly MemberRole[] = ['OWNER', 'MEMBER'];

const owners = (state: TeamState) => [...state.members.values()].filter((m) => m.role === 'OWNER').length;

function requireRole(role: string, field: string): MemberRole {
  if (!ROLES.includes(role as MemberRole))
    throw bad(field, `must be OWNER or MEMBER (got ${JSON.stringify(role)})`);
  return role as MemberRole;
}

/**
 * The team side of a workspace's stream (as stripe-account.decider.ts is its
 * payments side): who the members are and their roles. A workspace keeps at
 * least one OWNER; a member's email is unique among the workspace's members.
 */
export const teamDecider: Decider<TeamState, TeamCommand, WorkspaceEvent | TeamEvent> = {
  initialState: () => ({ workspaceId: null, members: new Map(), removedIds: [], erasedIds: [] }),

  evolve(state, event) {
    const members = new Map(state.members);
    switch (event.type) {
      case 'WorkspaceCreated': {
        const { memberId, name, email } = event.data.owner;
        members.set(memberId, { name, email, role: 'OWNER' });
        return { ...state, workspaceId: event.data.workspaceId, members };
      }
      case 'MemberInvited':
        members.set(event.data.memberId, {
          name: event.data.name,
          email: event.data.email,
          role: event.data.role,
        });
        return { ...state, members };
      case 'MemberRoleChanged': {
        const member = members.get(event.data.memberId);
        if (member) members.set(event.data.memberId, { ...member, role: event.data.role });
        return { ...state, members };
      }
      case 'MemberRemoved':
        members.delete(event.data.memberId);
        return { ...state, members, removedIds: [...state.removedIds, event.data.memberId] };
      case 'MemberErased':
        return {
          ...state,
          removedIds: state.removedIds.filter((id) => id !== event.data.memberId),
          erasedIds: [...state.erasedIds, event.data.memberId],
        };
      default:
        return state;
    }
  },

  decide(command, state) {
    const workspaceId = state.workspaceId;
    if (!workspaceId) throw new DomainError('NOT_FOUND', 'workspace not found');
    const memberOf = (memberId: string) => {
      const member = state.members.get(memberId);
      if (!member) throw new DomainError('NOT_FOUND', 'member not found', 'id');
      return member;
    };
    switch (command.type) {
      case 'InviteMember': {
        const name = requireName(command.name, 'input.name');
        const email = requireEmail(command.email, 'input.email');
        const role = requireRole(command.role, 'input.role');
        if ([...state.members.values()].some((m) => sameEmail(m.email, email)))
          throw bad('input.email', `${email} is already a member of this workspace`);
        if (state.members.size >= MAX_MEMBERS)
          throw bad('input', `a workspace has at most ${MAX_MEMBERS} members`);
        return [
          {
            type: 'MemberInvited',
            data: {
              workspaceId,
              memberId: command.memberId,
              name,
              email,
              role,
              linkId: command.linkId,
              expiresAt: command.expiresAt.toISOString(),
            },
          },
        ];
      }
      case 'SetMemberRole': {
        const member = memberOf(command.memberId);
        const role = requireRole(command.role, 'role');
        if (role === member.role) return [];
        if (member.role === 'OWNER' && owners(state) === 1)
          throw bad('role', `${member.name} is the last owner: make another member an owner first`);
        return [
          {
            type: 'MemberRoleChanged',
            data: {
              workspaceId,
              memberId: command.memberId,
              name: member.name,
              role,
              previousRole: member.role,
            },
          },
        ];
      }
      case 'EraseMember': {
        if (state.erasedIds.includes(command.memberId)) return [];
        if (state.members.has(command.memberId))
          throw bad('memberId', 'remove the member first: only a removed member can be erased');
        if (!state.removedIds.includes(command.memberId))
          throw new DomainError('NOT_FOUND', 'member not found', 'memberId');
        return [{ type: 'MemberErased', data: { workspaceId, memberId: command.memberId } }];
      }
      case 'RemoveMember': {
        const member = memberOf(command.memberId);
        if (member.role === 'OWNER' && owners(state) === 1)
          throw bad('id', `${member.name} is the last owner: make another member an owner first`);
        return [
          { type: 'MemberRemoved', data: { workspaceId, memberId: command.memberId, name: member.name } },
        ];
      }
    }
  },
};
