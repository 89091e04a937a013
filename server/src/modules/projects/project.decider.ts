import type { Decider } from '../../projections/decider';
import { DomainError } from '../../projections/domain.errors';
import { bad, requireName } from '../shared/validation';
import type { ProjectEvent, ProjectStatus } from './project.events';

export type ProjectCommand =
  | {
      type: 'CreateProject';
      workspaceId: string;
      projectId: string;
      name: string;
      /** Checked by the service against the read model: the client's workspace and whether it is archived. */
      client: { clientId: string; archived: boolean };
    }
  | { type: 'RenameProject'; name: string }
  | { type: 'SetProjectStatus'; status: ProjectStatus };

export interface ProjectState {
  scope: { workspaceId: string; clientId: string; projectId: string } | null;
  name: string;
  status: ProjectStatus;
}

export const projectDecider: Decider<ProjectState, ProjectCommand, ProjectEvent> = {
  initialState: () => ({ scope: null, name: '', status: 'ACTIVE' }),

  evolve(state, event) {
    switch (event.type) {
      case 'ProjectCreated':
        return {
          scope: {
            workspaceId: event.data.workspaceId,
            clientId: event.data.clientId,
            projectId: event.data.projectId,
          },
          name: event.data.name,
          status: 'ACTIVE',
        };
      case 'ProjectRenamed':
        return { ...state, name: event.data.name };
      case 'ProjectStatusChanged':
        return { ...state, status: event.data.status };
    }
  },

  decide(command, state, { now }) {
    if (command.type === 'CreateProject') {
      if (state.scope) throw new DomainError('CONFLICT', 'this project exists already');
      if (command.client.archived) throw bad('input.clientId', 'the client is archived; unarchive it first');
      return [
        {
          type: 'ProjectCreated',
          data: {
            workspaceId: command.workspaceId,
            clientId: command.client.clientId,
            projectId: command.projectId,
            name: requireName(command.name, 'input.name'),
            createdAt: now.toISOString(),
          },
        },
      ];
    }
    const scope = state.scope;
    if (!scope) throw new DomainError('NOT_FOUND', 'project not found', 'id');
    switch (command.type) {
      case 'RenameProject': {
        const name = requireName(command.name, 'name');
        return name === state.name
          ? []
          : [{ type: 'ProjectRenamed', data: { ...scope, name, previousName: state.name } }];
      }
      case 'SetProjectStatus':
        return command.status === state.status
          ? []
          : [
              {
                type: 'ProjectStatusChanged',
                data: { ...scope, name: state.name, status: command.status, previousStatus: state.status },
              },
            ];
    }
  },
};
