import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { actorOf, type MemberViewer, type Viewer } from '../../auth/viewer';
import type { Actor } from '../../event-store/event.types';
import type { ObjectStorage } from '../../integrations/object-storage';
import type { CommandHandler } from '../../projections/command-handler';
import { DomainError } from '../../projections/domain.errors';
import { documentDecider } from '../documents/document.decider';
import { documentStreamId } from '../documents/document.events';
import type { DocumentService } from '../documents/document.service';
import type { Document } from '../documents/document.type';
import { bad, isUuid } from '../shared/validation';
import type { BrandingImage } from '../workspaces/branding.images';
import type { WorkspaceService } from '../workspaces/workspace.service';
import type { Workspace } from '../workspaces/workspace.type';
import { IMAGE_HEAD_BYTES, imageMismatch } from './image-signature';
import {
  attachmentDisposition,
  BRANDING_URL_TTL_SECONDS,
  DOWNLOAD_URL_TTL_SECONDS,
  formatBytes,
  inlineDisposition,
  limitsFor,
  requireContentType,
  requireFileName,
  requireSize,
  UPLOAD_COMPLETE_GRACE_MS,
  UPLOAD_TICKET_TTL_MS,
  type UploadLimits,
  type UploadPurposeName,
} from './upload.limits';

export interface RequestUploadFields {
  purpose: UploadPurposeName;
  projectId?: string | null;
  fileName: string;
  contentType: string;
  size: number;
}

export interface IssuedTicket {
  uploadId: string;
  url: string;
  fields: { name: string; value: string }[];
  maxSize: number;
  expiresAt: Date;
}

interface TicketRow {
  id: string;
  workspace_id: string;
  purpose: UploadPurposeName;
  client_id: string | null;
  project_id: string | null;
  storage_key: string;
  file_name: string;
  content_type: string;
  size: number;
  requested_by: Actor;
  expires_at: Date;
  document_id: string | null;
  completed_at: Date | null;
}

const UPLOAD_ID = 'uploadId';
const contactClient = (viewer: Viewer) => (viewer.kind === 'CONTACT' ? viewer.clientId : null);

/**
 * Uploads through signed S3 POST forms (tickets), their completion into a
 * project's documents or the workspace's branding, and signed downloads. Only
 * this service and the purge job touch the bucket; objects are deleted only
 * when an upload fails its check at completion, and by the purge.
 */
export class FileService {
  constructor(
    private readonly pool: Pool,
    private readonly commands: CommandHandler,
    private readonly storage: ObjectStorage,
    private readonly documents: DocumentService,
    private readonly workspaces: WorkspaceService,
    private readonly limits: UploadLimits,
    private readonly clock: () => Date,
  ) {}

  /** A project the viewer may upload to: members, any of the workspace; contacts, their client's ACTIVE ones. */
  private async uploadableProject(viewer: Viewer, projectId: string) {
    const { rows } = isUuid(projectId)
      ? await this.pool.query(
          `SELECT id, client_id FROM projects WHERE id = $1 AND workspace_id = $2
             AND ($3::uuid IS NULL OR (client_id = $3 AND status = 'ACTIVE'))`,
          [projectId, viewer.workspaceId, contactClient(viewer)],
        )
      : { rows: [] };
    return (rows[0] as { id: string; client_id: string } | undefined) ?? null;
  }

  async requestUpload(viewer: Viewer, input: RequestUploadFields): Promise<IssuedTicket> {
    const { purpose } = input;
    if (viewer.kind === 'CONTACT' && purpose !== 'PROJECT_DOCUMENT')
      throw new DomainError('FORBIDDEN', 'contacts may upload project documents only');
    let project: { id: string; client_id: string } | null = null;
    if (purpose === 'PROJECT_DOCUMENT') {
      if (!input.projectId) throw bad('input.projectId', 'is required for a PROJECT_DOCUMENT');
      project = await this.uploadableProject(viewer, input.projectId);
      if (!project) throw new DomainError('NOT_FOUND', 'project not found', 'input.projectId');
    } else if (input.projectId) {
      throw bad('input.projectId', `must be left out for a ${purpose}`);
    }
    const limits = limitsFor(purpose, this.limits);
    const fileName = requireFileName(input.fileName, 'input.fileName');
    const contentType = requireContentType(input.contentType, limits.contentTypes, 'input.contentType');
    const size = requireSize(input.size, limits.maxBytes, 'input.size');

    const uploadId = randomUUID();
    const storageKey = project
      ? `workspaces/${viewer.workspaceId}/projects/${project.id}/${randomUUID()}`
      : `workspaces/${viewer.workspaceId}/branding/${randomUUID()}`;
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + UPLOAD_TICKET_TTL_MS);
    const form = await this.storage.presignedPost({
      key: storageKey,
      contentType,
      maxBytes: limits.maxBytes,
      expiresAt,
    });
    await this.pool.query(
      `INSERT INTO upload_tickets (id, workspace_id, purpose, client_id, project_id, storage_key, file_name,
         content_type, size, requested_by, created_at, expires_at, document_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        uploadId,
        viewer.workspaceId,
        purpose,
        project?.client_id ?? null,
        project?.id ?? null,
        storageKey,
        fileName,
        contentType,
        size,
        JSON.stringify(actorOf(viewer)),
        now,
        expiresAt,
        project ? randomUUID() : null,
      ],
    );
    return { uploadId, url: form.url, fields: form.fields, maxSize: limits.maxBytes, expiresAt };
  }

  /** The viewer's own ticket (whoever requested it), else NOT_FOUND: nobody else's ticket exists for them. */
  private async ownTicket(viewer: Viewer, uploadId: string): Promise<TicketRow> {
    const actor = actorOf(viewer);
    const { rows } = isUuid(uploadId)
      ? await this.pool.query(
          `SELECT id, workspace_id, purpose, client_id, project_id, storage_key, file_name, content_type,
             size::float8 AS size, requested_by, expires_at, document_id, completed_at
           FROM upload_tickets
           WHERE id = $1 AND workspace_id = $2 AND requested_by->>'kind' = $3 AND requested_by->>'id' = $4`,
          [uploadId, viewer.workspaceId, actor.kind, actor.id],
        )
      : { rows: [] };
    if (!rows[0]) throw new DomainError('NOT_FOUND', 'upload not found', UPLOAD_ID);
    return rows[0];
  }

  /**
   * The object is there and is what the ticket allowed; else it is deleted
   * (when there is one) and the answer says why.
   */
  private async checkObject(ticket: TicketRow): Promise<void> {
    const expiredAt = ticket.expires_at.getTime() + UPLOAD_COMPLETE_GRACE_MS;
    if (this.clock().getTime() > expiredAt) {
      await this.storage.remove(ticket.storage_key);
      throw bad(
        UPLOAD_ID,
        `this upload expired at ${new Date(expiredAt).toISOString()}: request a new one and send the file again`,
      );
    }
    const stored = await this.storage.stat(ticket.storage_key);
    if (!stored)
      throw bad(UPLOAD_ID, "no file has arrived for this upload: send the form to the ticket's url first");
    const problems: string[] = [];
    if (stored.size !== ticket.size)
      problems.push(
        `is ${formatBytes(stored.size)} (${stored.size} bytes), not the ${ticket.size} bytes requested`,
      );
    const storedType = stored.contentType?.trim().toLowerCase() ?? null;
    if (storedType !== ticket.content_type)
      problems.push(`has the type ${storedType ?? 'none'}, not the ${ticket.content_type} requested`);
    // An image must begin as its type does: S3 keeps whatever bytes came with the pinned type.
    if (!problems.length && ticket.content_type.startsWith('image/')) {
      const head = await this.storage.readHead(ticket.storage_key, IMAGE_HEAD_BYTES);
      const mismatch = imageMismatch(ticket.content_type, head ?? Buffer.alloc(0));
      if (mismatch) problems.push(mismatch);
    }
    if (problems.length) {
      await this.storage.remove(ticket.storage_key);
      throw bad(
        UPLOAD_ID,
        `the uploaded file ${problems.join(' and ')}; it was deleted: request a new upload for the file as it is`,
      );
    }
  }

  private markCompleted(ticketId: string) {
    return async (db: PoolClient) => {
      await db.query('UPDATE upload_tickets SET completed_at = $2 WHERE id = $1 AND completed_at IS NULL', [
        ticketId,
        this.clock(),
      ]);
    };
  }

  /** DocumentUploaded, once per ticket: completing again answers the same document. */
  async completeDocumentUpload(viewer: Viewer, uploadId: string, requestId: string): Promise<Document> {
    const ticket = await this.ownTicket(viewer, uploadId);
    if (ticket.purpose !== 'PROJECT_DOCUMENT')
      throw bad(UPLOAD_ID, `this upload is a ${ticket.purpose}: complete it with completeBrandingUpload`);
    // The project must still be one the viewer may upload to (a contact's project may have closed since).
    const project = await this.uploadableProject(viewer, ticket.project_id!);
    if (!project) throw new DomainError('NOT_FOUND', 'project not found', UPLOAD_ID);
    const documentId = ticket.document_id!;
    if (!ticket.completed_at) {
      await this.checkObject(ticket);
      await this.commands.handle(
        documentStreamId(documentId),
        documentDecider,
        {
          type: 'RecordUpload',
          workspaceId: ticket.workspace_id,
          clientId: project.client_id,
          projectId: project.id,
          documentId,
          uploadId: ticket.id,
          fileName: ticket.file_name,
          contentType: ticket.content_type,
          size: ticket.size,
          storageKey: ticket.storage_key,
        },
        { actor: actorOf(viewer), correlationId: requestId, tenantId: viewer.workspaceId },
        { within: this.markCompleted(ticket.id) },
      );
    }
    const document = await this.documents.byId(viewer, documentId);
    if (!document) throw new DomainError('NOT_FOUND', 'the document of this upload was removed', UPLOAD_ID);
    return document;
  }

  /** BrandingImageSet: the workspace shows the image from now on. */
  async completeBrandingUpload(
    viewer: MemberViewer,
    uploadId: string,
    requestId: string,
  ): Promise<Workspace> {
    const ticket = await this.ownTicket(viewer, uploadId);
    if (ticket.purpose === 'PROJECT_DOCUMENT')
      throw bad(UPLOAD_ID, 'this upload is a PROJECT_DOCUMENT: complete it with completeDocumentUpload');
    if (ticket.completed_at) return (await this.workspaces.byId(viewer.workspaceId))!;
    await this.checkObject(ticket);
    return this.workspaces.setBrandingImage(
      viewer,
      {
        image: ticket.purpose,
        uploadId: ticket.id,
        storageKey: ticket.storage_key,
        contentType: ticket.content_type,
      },
      requestId,
      this.markCompleted(ticket.id),
    );
  }

  /**
   * Document.url. LINK: the address. FILE: a signed GET valid 5 minutes that
   * downloads under the original name; only for a viewer who may see it (the
   * document reached them through their own scoped reads, checked again here).
   */
  async downloadUrl(viewer: Viewer | null, document: Document): Promise<string> {
    if (document.kind === 'LINK') return document.url!;
    const mayRead =
      viewer &&
      viewer.workspaceId === document.workspaceId &&
      (viewer.kind === 'MEMBER' || viewer.clientId === document.clientId);
    if (!mayRead || !document.storageKey) throw new DomainError('NOT_FOUND', 'document not found');
    return this.storage.presignedGet(document.storageKey, {
      expiresInSeconds: DOWNLOAD_URL_TTL_SECONDS,
      now: this.clock(),
      contentType: document.contentType ?? 'application/octet-stream',
      contentDisposition: attachmentDisposition(document.name),
    });
  }

  /**
   * Where a workspace's image is now: a fresh signed GET that answers with the
   * type its upload was checked for, inline; null when there is none (or no
   * such workspace).
   */
  async brandingImageLocation(workspaceId: string, image: BrandingImage): Promise<string | null> {
    if (!isUuid(workspaceId)) return null;
    const column = image === 'LOGO' ? 'logo_key' : 'background_image_key';
    const { rows } = await this.pool.query(
      `SELECT w.${column} AS key, t.content_type FROM workspaces w
       LEFT JOIN upload_tickets t ON t.storage_key = w.${column} AND t.workspace_id = w.id
       WHERE w.id = $1`,
      [workspaceId],
    );
    const row = rows[0] as { key: string | null; content_type: string | null } | undefined;
    if (!row?.key) return null;
    return this.storage.presignedGet(row.key, {
      expiresInSeconds: BRANDING_URL_TTL_SECONDS,
      now: this.clock(),
      contentType: row.content_type ?? 'application/octet-stream',
      contentDisposition: inlineDisposition(row.content_type),
    });
  }
}
