import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { actorOf, type MemberViewer, type Viewer } from '../../auth/viewer';
import type { CommandHandler } from '../../projections/command-handler';
import { preparedQuery } from '../../db/prepared';
import { DomainError } from '../../projections/domain.errors';
import { isUuid } from '../shared/validation';
import { projectDecider, type ProjectCommand } from './project.decider';
import { projectStreamId, type ProjectStatus } from './project.events';
import type { Project } from './project.type';

export const PROJECT_COLUMNS = `id, workspace_id AS "workspaceId", client_id AS "clientId", name, status, created_at AS "createdAt"`;

/** Projects, always within the viewer's workspace. */
export class ProjectService {
  constructor(
    private readonly pool: Pool,
    private readonly commands: CommandHandler,
  ) {}

  /** Members: every project of the workspace. Contacts: their client's ACTIVE projects. */
  async list(viewer: Viewer, status: ProjectStatus | null): Promise<Project[]> {
    const { rows } = await this.pool.query(
      `SELECT ${PROJECT_COLUMNS} FROM projects WHERE workspace_id = $1 AND ($2::text IS NULL OR status = $2)
         AND ($3::uuid IS NULL OR (client_id = $3 AND status = 'ACTIVE'))
       ORDER BY created_at, id`,
      [viewer.workspaceId, status, viewer.kind === 'CONTACT' ? viewer.clientId : null],
    );
    return rows;
  }

  /** null when it does not exist or belongs to another workspace. */
  /** null when it does not exist or the viewer may not see it (contacts: their client's ACTIVE projects). */
  async byId(viewer: Viewer, projectId: string): Promise<Project | null> {
    if (!isUuid(projectId)) return null;
    const { rows } = await preparedQuery(
      this.pool,
      `SELECT ${PROJECT_COLUMNS} FROM projects WHERE id = $1 AND workspace_id = $2
         AND ($3::uuid IS NULL OR (client_id = $3 AND status = 'ACTIVE'))`,
      [projectId, viewer.workspaceId, viewer.kind === 'CONTACT' ? viewer.clientId : null],
    );
    return rows[0] ?? null;
  }

  private async run(
    viewer: MemberViewer,
    projectId: string,
    command: ProjectCommand,
    requestId: string,
  ): Promise<Project> {
    await this.commands.handle(projectStreamId(projectId), projectDecider, command, {
      actor: actorOf(viewer),
      correlationId: requestId,
      tenantId: viewer.workspaceId,
    });
    return (await this.byId(viewer, projectId))!;
  }

  private async require(viewer: MemberViewer, projectId: string): Promise<Project> {
    const project = await this.byId(viewer, projectId);
    if (!project) throw new DomainError('NOT_FOUND', 'project not found', 'id');
    return project;
  }

  async create(viewer: MemberViewer, input: { clientId: string; name: string }, requestId: string) {
    const { rows } = isUuid(input.clientId)
      ? await this.pool.query('SELECT id, archived FROM clients WHERE id = $1 AND workspace_id = $2', [
          input.clientId,
          viewer.workspaceId,
        ])
      : { rows: [] };
    if (!rows[0]) throw new DomainError('NOT_FOUND', 'client not found', 'input.clientId');
    const projectId = randomUUID();
    return this.run(
      viewer,
      projectId,
      {
        type: 'CreateProject',
        workspaceId: viewer.workspaceId,
        projectId,
        name: input.name,
        client: { clientId: rows[0].id, archived: rows[0].archived },
      },
      requestId,
    );
  }

  async rename(viewer: MemberViewer, projectId: string, name: string, requestId: string) {
    await this.require(viewer, projectId);
    return this.run(viewer, projectId, { type: 'RenameProject', name }, requestId);
  }

  async setStatus(viewer: MemberViewer, projectId: string, status: ProjectStatus, requestId: string) {
    await this.require(viewer, projectId);
    return this.run(viewer, projectId, { type: 'SetProjectStatus', status }, requestId);
  }
}
