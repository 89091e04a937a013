import { UpcasterRegistry } from '../../event-store/upcaster.registry';
import { registerTaskUpcasters } from './task.upcasters';

describe('task upcasters', () => {
  const registry = registerTaskUpcasters(new UpcasterRegistry());
  const fields = { taskId: 't1', title: 'Old task', assigneeContactId: null };

  it('reads a version-1 TaskCreated and TaskUpdated as shared, at version 2', () => {
    expect(registry.upcast('TaskCreated', 1, fields)).toEqual({
      version: 2,
      data: { ...fields, sharedWithClient: true },
    });
    expect(registry.upcast('TaskUpdated', 1, { ...fields, previousAssigneeContactId: null })).toEqual({
      version: 2,
      data: {
        ...fields,
        previousAssigneeContactId: null,
        sharedWithClient: true,
        previousSharedWithClient: true,
      },
    });
  });

  it('keeps a flag the data already has, and leaves version 2 and the other task events alone', () => {
    expect(registry.upcast('TaskCreated', 1, { ...fields, sharedWithClient: false }).data).toEqual({
      ...fields,
      sharedWithClient: false,
    });
    const current = { ...fields, sharedWithClient: false };
    expect(registry.upcast('TaskCreated', 2, current)).toEqual({ version: 2, data: current });
    expect(registry.upcast('TaskCommented', 1, fields)).toEqual({ version: 1, data: fields });
    expect(registry.currentVersion('TaskCreated')).toBe(2);
    expect(registry.currentVersion('TaskUpdated')).toBe(2);
    expect(registry.currentVersion('TaskStatusChanged')).toBe(1);
  });
});
