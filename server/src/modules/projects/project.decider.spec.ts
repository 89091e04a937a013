import { DeciderSpecification, FIXED_NOW } from '../../test/decider.specification';
import { projectDecider } from './project.decider';
import type { ProjectEvent } from './project.events';

const scope = { workspaceId: 'w1', clientId: 'c1', projectId: 'p1' };
const created: ProjectEvent = {
  type: 'ProjectCreated',
  data: { ...scope, name: 'Website', createdAt: FIXED_NOW.toISOString() },
};
const spec = DeciderSpecification(projectDecider);

describe('project decider', () => {
  it('CreateProject for a live client; refused for an archived one or with a bad name', () => {
    const create = (name: string, archived = false) =>
      spec.given([]).when({
        type: 'CreateProject',
        workspaceId: 'w1',
        projectId: 'p1',
        name,
        client: { clientId: 'c1', archived },
      });
    create(' Website ').then([created]);
    create('Website', true).thenRefuses('BAD_USER_INPUT', 'input.clientId');
    create('').thenRefuses('BAD_USER_INPUT', 'input.name');
  });

  it('RenameProject keeps the previous name; the same name decides nothing', () => {
    spec
      .given([created])
      .when({ type: 'RenameProject', name: 'Website relaunch' })
      .then([
        { type: 'ProjectRenamed', data: { ...scope, name: 'Website relaunch', previousName: 'Website' } },
      ]);
    spec.given([created]).when({ type: 'RenameProject', name: 'Website' }).thenNothingHappens();
    spec.given([]).when({ type: 'RenameProject', name: 'A' }).thenRefuses('NOT_FOUND', 'id');
  });

  it('SetProjectStatus moves between any two statuses, once', () => {
    spec
      .given([created])
      .when({ type: 'SetProjectStatus', status: 'ARCHIVED' })
      .then([
        {
          type: 'ProjectStatusChanged',
          data: { ...scope, name: 'Website', status: 'ARCHIVED', previousStatus: 'ACTIVE' },
        },
      ]);
    spec.given([created]).when({ type: 'SetProjectStatus', status: 'ACTIVE' }).thenNothingHappens();
  });
});
