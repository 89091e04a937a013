import { DeciderSpecification, FIXED_NOW } from '../../test/decider.specification';
import { DEFAULT_TASK_SETTINGS } from '../workspaces/workspace.decider';
import type { WorkspaceEvent } from '../workspaces/workspace.events';
import type { TeamEvent } from './member.events';
import { teamDecider } from './team.decider';

const created: WorkspaceEvent = {
  type: 'WorkspaceCreated',
  data: {
    workspaceId: 'w1',
    name: 'Acme',
    slug: 'acme',
    owner: { memberId: 'owner', name: 'Ava Owner', email: 'ava@acme.test' },
    branding: { companyName: 'Acme', accentColor: '#3355ff', showYourBrand: false },
    taskSettings: DEFAULT_TASK_SETTINGS,
    portalEnabled: true,
    createdAt: FIXED_NOW.toISOString(),
  },
};
const expiresAt = new Date(FIXED_NOW.getTime() + 7 * 86_400_000);
const invited = (memberId: string, email: string, role: 'OWNER' | 'MEMBER' = 'MEMBER'): TeamEvent => ({
  type: 'MemberInvited',
  data: {
    workspaceId: 'w1',
    memberId,
    name: `Name ${memberId}`,
    email,
    role,
    linkId: `l-${memberId}`,
    expiresAt: expiresAt.toISOString(),
  },
});
const spec = DeciderSpecification(teamDecider);
const invite = (email: string, role: 'OWNER' | 'MEMBER' = 'MEMBER', name = 'Mia Member') =>
  ({ type: 'InviteMember', memberId: 'm2', name, email, role, linkId: 'l2', expiresAt }) as const;

describe('team decider', () => {
  it('InviteMember: a member with a role and the invitation link', () => {
    spec
      .given([created])
      .when(invite(' mia@acme.test '))
      .then([
        {
          type: 'MemberInvited',
          data: {
            workspaceId: 'w1',
            memberId: 'm2',
            name: 'Mia Member',
            email: 'mia@acme.test',
            role: 'MEMBER',
            linkId: 'l2',
            expiresAt: expiresAt.toISOString(),
          },
        },
      ]);
  });

  it('an email is unique among the members, case aside; a removed member frees theirs', () => {
    spec.given([created]).when(invite('AVA@acme.test')).thenRefuses('BAD_USER_INPUT', 'input.email');
    spec
      .given([created, invited('m3', 'mia@acme.test')])
      .when(invite('Mia@Acme.test'))
      .thenRefuses('BAD_USER_INPUT', 'input.email');
    const removed: TeamEvent = {
      type: 'MemberRemoved',
      data: { workspaceId: 'w1', memberId: 'm3', name: 'Name m3' },
    };
    spec
      .given([created, invited('m3', 'mia@acme.test'), removed])
      .when(invite('mia@acme.test'))
      .then([expect.objectContaining({ type: 'MemberInvited' })]);
  });

  it.each([
    [{ name: ' ' }, 'input.name'],
    [{ email: 'no' }, 'input.email'],
    [{ role: 'ADMIN' }, 'input.role'],
  ])('InviteMember refuses %j', (change, field) => {
    spec
      .given([created])
      .when({ ...invite('x@acme.test'), ...change } as never)
      .thenRefuses('BAD_USER_INPUT', field);
  });

  it('SetMemberRole: a change is an event, the same role nothing; an unknown member NOT_FOUND', () => {
    spec
      .given([created, invited('m2', 'mia@acme.test')])
      .when({ type: 'SetMemberRole', memberId: 'm2', role: 'OWNER' })
      .then([
        {
          type: 'MemberRoleChanged',
          data: { workspaceId: 'w1', memberId: 'm2', name: 'Name m2', role: 'OWNER', previousRole: 'MEMBER' },
        },
      ]);
    spec
      .given([created, invited('m2', 'mia@acme.test')])
      .when({ type: 'SetMemberRole', memberId: 'm2', role: 'MEMBER' })
      .thenNothingHappens();
    spec
      .given([created])
      .when({ type: 'SetMemberRole', memberId: 'nobody', role: 'OWNER' })
      .thenRefuses('NOT_FOUND', 'id');
  });

  it('the last OWNER can be neither made a MEMBER nor removed; with a second owner, both can', () => {
    spec
      .given([created])
      .when({ type: 'SetMemberRole', memberId: 'owner', role: 'MEMBER' })
      .thenRefuses('BAD_USER_INPUT', 'role');
    spec
      .given([created])
      .when({ type: 'RemoveMember', memberId: 'owner' })
      .thenRefuses('BAD_USER_INPUT', 'id');
    const two = [created, invited('m2', 'mia@acme.test', 'OWNER')];
    spec
      .given(two)
      .when({ type: 'RemoveMember', memberId: 'owner' })
      .then([{ type: 'MemberRemoved', data: { workspaceId: 'w1', memberId: 'owner', name: 'Ava Owner' } }]);
    spec
      .given(two)
      .when({ type: 'SetMemberRole', memberId: 'owner', role: 'MEMBER' })
      .then([expect.objectContaining({ type: 'MemberRoleChanged' })]);
    const demoted: TeamEvent = {
      type: 'MemberRoleChanged',
      data: { workspaceId: 'w1', memberId: 'm2', name: 'Name m2', role: 'MEMBER', previousRole: 'OWNER' },
    };
    spec
      .given([...two, demoted])
      .when({ type: 'RemoveMember', memberId: 'owner' })
      .thenRefuses('BAD_USER_INPUT', 'id');
  });

  it('a removed member is gone: removing them again is NOT_FOUND', () => {
    const removed: TeamEvent = {
      type: 'MemberRemoved',
      data: { workspaceId: 'w1', memberId: 'm2', name: 'Name m2' },
    };
    spec
      .given([created, invited('m2', 'mia@acme.test'), removed])
      .when({ type: 'RemoveMember', memberId: 'm2' })
      .thenRefuses('NOT_FOUND', 'id');
  });

  it('no workspace: NOT_FOUND', () => {
    spec.given([]).when(invite('x@acme.test')).thenRefuses('NOT_FOUND');
  });

  describe('EraseMember', () => {
    const removed: TeamEvent = {
      type: 'MemberRemoved',
      data: { workspaceId: 'w1', memberId: 'm2', name: 'Name m2' },
    };
    const erased: TeamEvent = { type: 'MemberErased', data: { workspaceId: 'w1', memberId: 'm2' } };

    it('erases a removed member with an event that names no one, once', () => {
      spec
        .given([created, invited('m2', 'm2@acme.test'), removed])
        .when({ type: 'EraseMember', memberId: 'm2' })
        .then([erased]);
      spec
        .given([created, invited('m2', 'm2@acme.test'), removed, erased])
        .when({ type: 'EraseMember', memberId: 'm2' })
        .thenNothingHappens();
    });

    it('refuses a member still on the team (remove them first) and one the workspace never had', () => {
      spec
        .given([created, invited('m2', 'm2@acme.test')])
        .when({ type: 'EraseMember', memberId: 'm2' })
        .thenRefuses('BAD_USER_INPUT', 'memberId');
      spec
        .given([created])
        .when({ type: 'EraseMember', memberId: 'm9' })
        .thenRefuses('NOT_FOUND', 'memberId');
    });
  });
});
