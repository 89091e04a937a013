import { canSee, contactAudiences, type AudienceEntry } from './timeline.audience';

const member = { kind: 'MEMBER' as const };
const contact = { kind: 'CONTACT' as const, clientId: 'c1' };
const entry = (
  audience: AudienceEntry['audience'],
  taskAssigneeClientId: string | null = null,
  taskSharedWithClient = true,
): AudienceEntry => ({ audience, taskAssigneeClientId, taskSharedWithClient });

describe('timeline audience', () => {
  it('members see every entry', () => {
    for (const audience of ['MEMBERS', 'CONTACTS', 'TASK'] as const)
      expect(canSee(entry(audience), member, 'OFF')).toBe(true);
  });

  it("contacts never see members' entries, always see the client's", () => {
    for (const visibility of ['OFF', 'ASSIGNED', 'ALL'] as const) {
      expect(canSee(entry('MEMBERS'), contact, visibility)).toBe(false);
      expect(canSee(entry('CONTACTS'), contact, visibility)).toBe(true);
    }
  });

  it('task entries follow the workspace setting and the current assignee', () => {
    expect(canSee(entry('TASK', 'c1'), contact, 'OFF')).toBe(false);
    expect(canSee(entry('TASK', 'c1'), contact, 'ASSIGNED')).toBe(true);
    expect(canSee(entry('TASK', 'c2'), contact, 'ASSIGNED')).toBe(false);
    expect(canSee(entry('TASK', null), contact, 'ASSIGNED')).toBe(false);
    expect(canSee(entry('TASK', null), contact, 'ALL')).toBe(true);
    expect(canSee(entry('TASK', 'c2'), contact, 'ALL')).toBe(true);
  });

  it("an internal task's entries are the members' alone, whatever the setting and the assignee", () => {
    for (const visibility of ['OFF', 'ASSIGNED', 'ALL'] as const) {
      expect(canSee(entry('TASK', 'c1', false), contact, visibility)).toBe(false);
      expect(canSee(entry('TASK', null, false), contact, visibility)).toBe(false);
      expect(canSee(entry('TASK', 'c1', false), member, visibility)).toBe(true);
    }
    // Shared again: the same entries show at once.
    expect(canSee(entry('TASK', 'c1', true), contact, 'ASSIGNED')).toBe(true);
  });

  it('a change of setting changes what the same entries show, with no rebuild', () => {
    const entries = [entry('CONTACTS'), entry('TASK', 'c1'), entry('TASK', null), entry('MEMBERS')];
    const shown = (visibility: 'OFF' | 'ASSIGNED' | 'ALL') =>
      entries.filter((e) => canSee(e, contact, visibility)).length;
    expect([shown('OFF'), shown('ASSIGNED'), shown('ALL')]).toEqual([1, 2, 3]);
    expect(contactAudiences('OFF')).toEqual(['CONTACTS']);
    expect(contactAudiences('ALL')).toEqual(['CONTACTS', 'TASK']);
  });
});
