import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { actorOf, type Viewer } from '../../auth/viewer';
import type { CommandHandler } from '../../projections/command-handler';
import { DomainError } from '../../projections/domain.errors';
import { isUuid } from '../shared/validation';
import { documentDecider, type DocumentCommand } from './document.decider';
import { documentStreamId } from './document.events';
import type { Document } from './document.type';

/** size is a bigint column: read as a number (files stay far below 2^53). */
export const DOCUMENT_COLUMNS = `id, workspace_id AS "workspaceId", client_id AS "clientId", project_id AS "projectId",
  kind, name, url, content_type AS "contentType", size::float8 AS size, storage_key AS "storageKey",
  shared_by AS "sharedBy", shared_at AS "sharedAt"`;

/** The documents of the viewer's workspace's projects: shared links here, uploaded files in FileService. */
export class DocumentService {
  constructor(
    private readonly pool: Pool,
    private readonly commands: CommandHandler,
  ) {}

  /**
   * null when it does not exist, belongs to another workspace or was removed;
   * for a contact also when it is not of their client's ACTIVE projects.
   */
  async byId(viewer: Viewer, documentId: string): Promise<Document | null> {
    if (!isUuid(documentId)) return null;
    const { rows } = await this.pool.query(
      `SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE id = $1 AND workspace_id = $2 AND NOT removed
         AND ($3::uuid IS NULL OR (client_id = $3
           AND EXISTS (SELECT 1 FROM projects p WHERE p.id = d.project_id AND p.status = 'ACTIVE')))`,
      [documentId, viewer.workspaceId, viewer.kind === 'CONTACT' ? viewer.clientId : null],
    );
    return rows[0] ?? null;
  }

  private async run(viewer: Viewer, documentId: string, command: DocumentCommand, requestId: string) {
    await this.commands.handle(documentStreamId(documentId), documentDecider, command, {
      actor: actorOf(viewer),
      correlationId: requestId,
      tenantId: viewer.workspaceId,
    });
  }

  async shareLink(
    viewer: Viewer,
    input: { projectId: string; title: string; url: string },
    requestId: string,
  ): Promise<Document> {
    const { rows } = isUuid(input.projectId)
      ? await this.pool.query('SELECT id, client_id FROM projects WHERE id = $1 AND workspace_id = $2', [
          input.projectId,
          viewer.workspaceId,
        ])
      : { rows: [] };
    const project = rows[0];
    if (!project) throw new DomainError('NOT_FOUND', 'project not found', 'projectId');
    const documentId = randomUUID();
    await this.run(
      viewer,
      documentId,
      {
        type: 'ShareLink',
        workspaceId: viewer.workspaceId,
        clientId: project.client_id,
        projectId: project.id,
        documentId,
        title: input.title,
        url: input.url,
      },
      requestId,
    );
    return (await this.byId(viewer, documentId))!;
  }

  async remove(viewer: Viewer, documentId: string, requestId: string): Promise<boolean> {
    if (!(await this.byId(viewer, documentId)))
      throw new DomainError('NOT_FOUND', 'document not found', 'id');
    await this.run(viewer, documentId, { type: 'RemoveDocument' }, requestId);
    return true;
  }
}
