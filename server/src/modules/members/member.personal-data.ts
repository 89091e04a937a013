import { ERASED_ACTOR } from '../../event-store/personal-data';
import type { PersonalDataRegistry, PersonalField } from '../../event-store/personal-data.registry';

export const ERASED_MEMBER_NAME = ERASED_ACTOR.MEMBER;
export const erasedMemberEmail = (memberId: string) => `erased-${memberId}@erased.invalid`;

const name = (memberId: string, path: string[]): PersonalField => ({
  path,
  subject: memberId,
  erased: ERASED_MEMBER_NAME,
});

/** A member's name and email, wherever the team's events carry them, under that member's key. */
export const registerMemberPersonalData = (registry: PersonalDataRegistry): PersonalDataRegistry =>
  registry
    .register('WorkspaceCreated', (d: { owner?: { memberId: string } }) =>
      d.owner
        ? [
            name(d.owner.memberId, ['owner', 'name']),
            {
              path: ['owner', 'email'],
              subject: d.owner.memberId,
              erased: erasedMemberEmail(d.owner.memberId),
            },
          ]
        : [],
    )
    .register('MemberInvited', (d) => [
      name(d.memberId, ['name']),
      { path: ['email'], subject: d.memberId, erased: erasedMemberEmail(d.memberId) },
    ])
    .register('MemberRoleChanged', (d) => [name(d.memberId, ['name'])])
    .register('MemberRemoved', (d) => [name(d.memberId, ['name'])])
    .register('MemberSignedIn', (d) => [name(d.memberId, ['name'])]);
