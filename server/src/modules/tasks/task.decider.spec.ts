import { DeciderSpecification, FIXED_NOW } from '../../test/decider.specification';
import { taskDecider, type TaskCommand } from './task.decider';
import type { TaskCreated, TaskStatus, TaskStatusChanged, TaskUpdated } from './task.events';

const scope = { workspaceId: 'w1', clientId: 'c1', projectId: 'p1', taskId: 't1' };
const john = { contactId: 'k1', name: 'John Smith' };
const jane = { contactId: 'k2', name: 'Jane Smith' };
const DUE = '2026-02-01T09:00:00.000Z';
const MEMBER = { kind: 'MEMBER' } as const;
const contact = (visibility: 'ASSIGNED' | 'ALL') => ({ kind: 'CONTACT' as const, self: john, visibility });
const created: TaskCreated = {
  type: 'TaskCreated',
  data: {
    ...scope,
    title: 'Homepage copy',
    description: null,
    dueDate: null,
    assigneeContactId: null,
    assigneeName: null,
    sharedWithClient: true,
    createdAt: FIXED_NOW.toISOString(),
  },
};
const assignedToJohn: TaskUpdated = {
  type: 'TaskUpdated',
  data: {
    ...scope,
    title: 'Homepage copy',
    description: 'Three paragraphs',
    dueDate: DUE,
    assigneeContactId: 'k1',
    assigneeName: 'John Smith',
    sharedWithClient: true,
    previousAssigneeContactId: null,
    previousSharedWithClient: true,
  },
};
const statusChanged = (status: TaskStatus, previousStatus: TaskStatus): TaskStatusChanged => ({
  type: 'TaskStatusChanged',
  data: {
    ...scope,
    title: 'Homepage copy',
    status,
    previousStatus,
    completedAt: status === 'DONE' ? FIXED_NOW.toISOString() : null,
  },
});
const spec = DeciderSpecification(taskDecider);

describe('task decider', () => {
  const create = (fields: Partial<Extract<TaskCommand, { type: 'CreateTask' }>> = {}) =>
    spec.given([]).when({
      type: 'CreateTask',
      by: MEMBER,
      ...scope,
      title: ' Homepage copy ',
      description: null,
      dueDate: null,
      assignee: null,
      ...fields,
    });

  it('CreateTask trims the title and keeps the verified assignee with their name', () => {
    create().then([created]);
    create({ description: '  Three paragraphs ', dueDate: new Date(DUE), assignee: john }).then([
      {
        type: 'TaskCreated',
        data: {
          ...created.data,
          description: 'Three paragraphs',
          dueDate: DUE,
          assigneeContactId: 'k1',
          assigneeName: 'John Smith',
        },
      },
    ]);
    // An empty description is no description.
    create({ description: '   ' }).then([created]);
  });

  it('CreateTask refuses a bad title, a long description, a bad date, and a task that exists', () => {
    create({ title: '  ' }).thenRefuses('BAD_USER_INPUT', 'input.title');
    create({ title: 'x'.repeat(201) }).thenRefuses('BAD_USER_INPUT', 'input.title');
    create({ title: 'x'.repeat(200) }).then([
      { type: 'TaskCreated', data: { ...created.data, title: 'x'.repeat(200) } },
    ]);
    create({ description: 'x'.repeat(10_001) }).thenRefuses('BAD_USER_INPUT', 'input.description');
    create({ dueDate: new Date('nope') }).thenRefuses('BAD_USER_INPUT', 'input.dueDate');
    spec
      .given([created])
      .when({
        type: 'CreateTask',
        by: MEMBER,
        ...scope,
        title: 'Again',
        description: null,
        dueDate: null,
        assignee: null,
      })
      .thenRefuses('CONFLICT');
  });

  it('CreateTask by a contact under ASSIGNED with no assignee assigns it to them; a given assignee stays', () => {
    const byJohn = { ...created.data, assigneeContactId: 'k1', assigneeName: 'John Smith' };
    create({ by: contact('ASSIGNED') }).then([{ type: 'TaskCreated', data: byJohn }]);
    create({ by: contact('ASSIGNED'), assignee: jane }).then([
      { type: 'TaskCreated', data: { ...created.data, assigneeContactId: 'k2', assigneeName: 'Jane Smith' } },
    ]);
    // Under ALL they see it unassigned; a member's task is never assigned by default.
    create({ by: contact('ALL') }).then([created]);
    create({ by: MEMBER }).then([created]);
  });

  it('UpdateTask by a contact under ASSIGNED may reassign but not unassign (the task would vanish from them)', () => {
    spec
      .given([created, assignedToJohn])
      .when({ type: 'UpdateTask', by: contact('ASSIGNED'), assignee: null })
      .thenRefuses('BAD_USER_INPUT', 'input.assigneeContactId');
    spec
      .given([created, assignedToJohn])
      .when({ type: 'UpdateTask', by: contact('ASSIGNED'), assignee: jane })
      .then([
        {
          type: 'TaskUpdated',
          data: {
            ...assignedToJohn.data,
            assigneeContactId: 'k2',
            assigneeName: 'Jane Smith',
            previousAssigneeContactId: 'k1',
          },
        },
      ]);
    spec
      .given([created, assignedToJohn])
      .when({ type: 'UpdateTask', by: contact('ALL'), assignee: null })
      .then([
        {
          type: 'TaskUpdated',
          data: {
            ...assignedToJohn.data,
            assigneeContactId: null,
            assigneeName: null,
            sharedWithClient: true,
            previousAssigneeContactId: 'k1',
            previousSharedWithClient: true,
          },
        },
      ]);
  });

  it('CreateTask: a member may keep a task internal; left out or null it is shared', () => {
    create({ sharedWithClient: false }).then([
      { type: 'TaskCreated', data: { ...created.data, sharedWithClient: false } },
    ]);
    create({ sharedWithClient: true }).then([created]);
    create({ sharedWithClient: null }).then([created]);
  });

  it('CreateTask by a contact naming sharedWithClient is FORBIDDEN by field: nothing a contact makes is internal', () => {
    for (const sharedWithClient of [false, true, null])
      create({ by: contact('ALL'), sharedWithClient }).thenRefuses('FORBIDDEN', 'input.sharedWithClient');
    create({ by: contact('ALL') }).then([created]);
  });

  it('UpdateTask by a member flips the flag, naming the previous one; the same flag decides nothing', () => {
    const internal: TaskUpdated = {
      type: 'TaskUpdated',
      data: {
        ...assignedToJohn.data,
        sharedWithClient: false,
        previousAssigneeContactId: 'k1',
        previousSharedWithClient: true,
      },
    };
    spec
      .given([created, assignedToJohn])
      .when({ type: 'UpdateTask', by: MEMBER, sharedWithClient: false })
      .then([internal]);
    spec
      .given([created, assignedToJohn, internal])
      .when({ type: 'UpdateTask', by: MEMBER, sharedWithClient: true })
      .then([
        {
          type: 'TaskUpdated',
          data: { ...internal.data, sharedWithClient: true, previousSharedWithClient: false },
        },
      ]);
    spec
      .given([created, assignedToJohn, internal])
      .when({ type: 'UpdateTask', by: MEMBER, sharedWithClient: false, title: 'Homepage copy' })
      .thenNothingHappens();
    // Other changes keep the flag as it is.
    spec
      .given([created, internal])
      .when({ type: 'UpdateTask', by: MEMBER, title: 'Renamed' })
      .then([
        {
          type: 'TaskUpdated',
          data: {
            ...internal.data,
            title: 'Renamed',
            previousAssigneeContactId: 'k1',
            previousSharedWithClient: false,
          },
        },
      ]);
  });

  it('UpdateTask refuses a cleared flag (BAD_USER_INPUT), and a contact naming it (FORBIDDEN), by field', () => {
    spec
      .given([created])
      .when({ type: 'UpdateTask', by: MEMBER, sharedWithClient: null })
      .thenRefuses('BAD_USER_INPUT', 'input.sharedWithClient');
    for (const sharedWithClient of [false, true, null])
      spec
        .given([created])
        .when({ type: 'UpdateTask', by: contact('ALL'), sharedWithClient })
        .thenRefuses('FORBIDDEN', 'input.sharedWithClient');
  });

  it('UpdateTask writes the full new fields; absent fields stay, null clears', () => {
    spec
      .given([created])
      .when({
        type: 'UpdateTask',
        by: MEMBER,
        description: 'Three paragraphs',
        dueDate: new Date(DUE),
        assignee: john,
      })
      .then([assignedToJohn]);
    spec
      .given([created, assignedToJohn])
      .when({ type: 'UpdateTask', by: MEMBER, title: 'Homepage text' })
      .then([
        {
          type: 'TaskUpdated',
          data: { ...assignedToJohn.data, title: 'Homepage text', previousAssigneeContactId: 'k1' },
        },
      ]);
    spec
      .given([created, assignedToJohn])
      .when({ type: 'UpdateTask', by: MEMBER, description: null, dueDate: null, assignee: null })
      .then([
        {
          type: 'TaskUpdated',
          data: {
            ...scope,
            title: 'Homepage copy',
            description: null,
            dueDate: null,
            assigneeContactId: null,
            assigneeName: null,
            sharedWithClient: true,
            previousAssigneeContactId: 'k1',
            previousSharedWithClient: true,
          },
        },
      ]);
    spec
      .given([created, assignedToJohn])
      .when({ type: 'UpdateTask', by: MEMBER, assignee: jane })
      .then([
        {
          type: 'TaskUpdated',
          data: {
            ...assignedToJohn.data,
            assigneeContactId: 'k2',
            assigneeName: 'Jane Smith',
            previousAssigneeContactId: 'k1',
          },
        },
      ]);
  });

  it('UpdateTask with nothing changed decides nothing', () => {
    spec.given([created]).when({ type: 'UpdateTask', by: MEMBER }).thenNothingHappens();
    spec
      .given([created, assignedToJohn])
      .when({
        type: 'UpdateTask',
        by: MEMBER,
        title: ' Homepage copy ',
        description: 'Three paragraphs',
        dueDate: new Date(DUE),
        assignee: john,
      })
      .thenNothingHappens();
  });

  it('UpdateTask refuses a cleared or bad title, a long description, and an unknown task', () => {
    const update = (command: Omit<Extract<TaskCommand, { type: 'UpdateTask' }>, 'type' | 'by'>) =>
      spec.given([created]).when({ type: 'UpdateTask', by: MEMBER, ...command });
    update({ title: null }).thenRefuses('BAD_USER_INPUT', 'input.title');
    update({ title: '' }).thenRefuses('BAD_USER_INPUT', 'input.title');
    update({ description: 'x'.repeat(10_001) }).thenRefuses('BAD_USER_INPUT', 'input.description');
    spec.given([]).when({ type: 'UpdateTask', by: MEMBER, title: 'A' }).thenRefuses('NOT_FOUND', 'id');
  });

  it('SetTaskStatus: completedAt on DONE from the clock, cleared on leaving DONE; the same status decides nothing', () => {
    spec
      .given([created])
      .when({ type: 'SetTaskStatus', status: 'DONE' })
      .then([statusChanged('DONE', 'TODO')]);
    spec
      .given([created])
      .when({ type: 'SetTaskStatus', status: 'IN_PROGRESS' })
      .then([statusChanged('IN_PROGRESS', 'TODO')]);
    spec
      .given([created, statusChanged('DONE', 'TODO')])
      .when({ type: 'SetTaskStatus', status: 'TODO' })
      .then([statusChanged('TODO', 'DONE')]);
    spec.given([created]).when({ type: 'SetTaskStatus', status: 'TODO' }).thenNothingHappens();
    spec
      .given([created, statusChanged('DONE', 'TODO')])
      .when({ type: 'SetTaskStatus', status: 'DONE' })
      .thenNothingHappens();
    spec.given([]).when({ type: 'SetTaskStatus', status: 'DONE' }).thenRefuses('NOT_FOUND', 'id');
  });

  it('SetTaskStatus names the current title', () => {
    spec
      .given([created, { type: 'TaskUpdated', data: { ...assignedToJohn.data, title: 'Renamed' } }])
      .when({ type: 'SetTaskStatus', status: 'DONE' })
      .then([
        {
          type: 'TaskStatusChanged',
          data: { ...statusChanged('DONE', 'TODO').data, title: 'Renamed' },
        },
      ]);
  });

  it('CommentOnTask: a trimmed body of 1 to 10,000 characters, on a task that exists', () => {
    spec
      .given([created])
      .when({ type: 'CommentOnTask', commentId: 'm1', body: ' Looks good ' })
      .then([
        {
          type: 'TaskCommented',
          data: { ...scope, title: 'Homepage copy', commentId: 'm1', body: 'Looks good' },
        },
      ]);
    spec
      .given([created])
      .when({ type: 'CommentOnTask', commentId: 'm1', body: 'x'.repeat(10_000) })
      .then([
        {
          type: 'TaskCommented',
          data: { ...scope, title: 'Homepage copy', commentId: 'm1', body: 'x'.repeat(10_000) },
        },
      ]);
    spec
      .given([created])
      .when({ type: 'CommentOnTask', commentId: 'm1', body: '  ' })
      .thenRefuses('BAD_USER_INPUT', 'body');
    spec
      .given([created])
      .when({ type: 'CommentOnTask', commentId: 'm1', body: 'x'.repeat(10_001) })
      .thenRefuses('BAD_USER_INPUT', 'body');
    spec
      .given([])
      .when({ type: 'CommentOnTask', commentId: 'm1', body: 'Hi' })
      .thenRefuses('NOT_FOUND', 'taskId');
  });
});
