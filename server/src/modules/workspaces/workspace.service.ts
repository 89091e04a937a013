import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { ApiTokenService } from '../../auth/api-token.service';
import { endSessions } from '../../auth/contact-session.service';
import { actorOf, type MemberViewer } from '../../auth/viewer';
import type { Actor } from '../../event-store/event.types';
import type { CommandContext, CommandHandler, HandleOptions } from '../../projections/command-handler';
import { orUniqueViolation } from '../shared/unique-violation';
import { bad, requireSlug } from '../shared/validation';
import { brandingImageUrl, type BrandingImage } from './branding.images';
import { workspaceDecider, type WorkspaceCommand, type WorkspaceState } from './workspace.decider';
import { workspaceStreamId, type TaskSettingsData } from './workspace.events';
import type { Member, Workspace } from './workspace.type';
import { TaskVisibility } from './workspace.type';

const WORKSPACE_COLUMNS = `id, name, slug, portal_enabled, company_name, accent_color, show_your_brand,
  task_visibility, clients_can_create, clients_can_edit, clients_can_comment, logo_key, background_image_key, time_zone`;

interface WorkspaceRow {
  id: string;
  name: string;
  slug: string;
  portal_enabled: boolean;
  company_name: string;
  accent_color: string;
  show_your_brand: boolean;
  task_visibility: TaskVisibility;
  clients_can_create: boolean;
  clients_can_edit: boolean;
  clients_can_comment: boolean;
  logo_key: string | null;
  background_image_key: string | null;
  time_zone: string;
}

export class WorkspaceService {
  constructor(
    private readonly pool: Pool,
    private readonly commands: CommandHandler,
    private readonly apiTokens: ApiTokenService,
    private readonly publicUrl: string,
  ) {}

  private toWorkspace(row: WorkspaceRow): Workspace {
    return {
      id: row.id,
      name: row.name,
      slug: row.slug,
      portalEnabled: row.portal_enabled,
      portalUrl: `${this.publicUrl}/p/${row.slug}/login`,
      branding: {
        companyName: row.company_name,
        accentColor: row.accent_color,
        showYourBrand: row.show_your_brand,
        logoUrl: row.logo_key ? brandingImageUrl(this.publicUrl, row.id, 'LOGO') : null,
        backgroundImageUrl: row.background_image_key
          ? brandingImageUrl(this.publicUrl, row.id, 'BACKGROUND_IMAGE')
          : null,
      },
      taskSettings: {
        visibility: row.task_visibility,
        clientsCanCreate: row.clients_can_create,
        clientsCanEdit: row.clients_can_edit,
        clientsCanComment: row.clients_can_comment,
      },
      timeZone: row.time_zone,
    };
  }

  async byId(workspaceId: string): Promise<Workspace | null> {
    const { rows } = await this.pool.query(`SELECT ${WORKSPACE_COLUMNS} FROM workspaces WHERE id = $1`, [
      workspaceId,
    ]);
    return rows[0] ? this.toWorkspace(rows[0]) : null;
  }

  async bySlug(slug: string): Promise<Workspace | null> {
    const { rows } = await this.pool.query(`SELECT ${WORKSPACE_COLUMNS} FROM workspaces WHERE slug = $1`, [
      slug,
    ]);
    return rows[0] ? this.toWorkspace(rows[0]) : null;
  }

  async member(viewer: MemberViewer): Promise<Member> {
    const { rows } = await this.pool.query(
      `SELECT id, workspace_id AS "workspaceId", name, email, role, last_signed_in_at AS "lastSignedInAt",
         email_notifications AS "emailNotifications"
       FROM members WHERE id = $1 AND workspace_id = $2`,
      [viewer.memberId, viewer.workspaceId],
    );
    return rows[0];
  }

  /** The CLI's create-workspace: the workspace, its owner, and the owner's first API token. */
  async createWorkspace(
    input: { name: string; slug: string; ownerName: string; ownerEmail: string },
    actor: Actor,
    correlationId: string,
  ) {
    const slug = requireSlug(input.slug, 'slug');
    const taken = await this.pool.query('SELECT 1 FROM workspaces WHERE slug = $1', [slug]);
    if (taken.rowCount) throw bad('slug', `${slug} is taken`);
    const workspaceId = randomUUID();
    const ownerId = randomUUID();
    const context: CommandContext = { actor, correlationId, tenantId: workspaceId };
    await this.commands
      .handle(
        workspaceStreamId(workspaceId),
        workspaceDecider,
        {
          type: 'CreateWorkspace',
          workspaceId,
          name: input.name,
          slug,
          ownerId,
          ownerName: input.ownerName,
          ownerEmail: input.ownerEmail,
        },
        context,
      )
      .catch(orUniqueViolation({ workspaces_slug_key: bad('slug', `${slug} is taken`) }));
    const created = await this.apiTokens.create(workspaceId, ownerId, 'Owner token', context);
    return { workspaceId, slug, ownerId, apiToken: created.token };
  }

  private async run(
    viewer: MemberViewer,
    command: WorkspaceCommand,
    requestId: string,
    options: HandleOptions<WorkspaceState, WorkspaceCommand> = {},
  ): Promise<Workspace> {
    await this.commands.handle(
      workspaceStreamId(viewer.workspaceId),
      workspaceDecider,
      command,
      { actor: actorOf(viewer), correlationId: requestId, tenantId: viewer.workspaceId },
      options,
    );
    return (await this.byId(viewer.workspaceId))!;
  }

  updateBranding(
    viewer: MemberViewer,
    input: { companyName?: string | null; accentColor?: string | null; showYourBrand?: boolean | null },
    requestId: string,
  ) {
    return this.run(viewer, { type: 'UpdateBranding', ...input }, requestId);
  }

  setPortalEnabled(viewer: MemberViewer, enabled: boolean, requestId: string) {
    // Turning the portal off ends every contact's session and unused link, in the same transaction.
    const endAll: HandleOptions<WorkspaceState, WorkspaceCommand> = {
      within: (db) => endSessions(db, { workspaceId: viewer.workspaceId }, new Date()),
    };
    return this.run(viewer, { type: 'SetPortalEnabled', enabled }, requestId, enabled ? {} : endAll);
  }

  /** Shows an uploaded image (checked by FileService); `within` runs in the command's transaction. */
  setBrandingImage(
    viewer: MemberViewer,
    image: { image: BrandingImage; uploadId: string; storageKey: string; contentType: string },
    requestId: string,
    within: HandleOptions<WorkspaceState>['within'],
  ) {
    return this.run(viewer, { type: 'SetBrandingImage', ...image }, requestId, { within });
  }

  /** The image is no longer shown; its file stays in the log's keeping (the upload's object). */
  removeBrandingImage(viewer: MemberViewer, image: BrandingImage, requestId: string) {
    return this.run(viewer, { type: 'RemoveBrandingImage', image }, requestId);
  }

  updateTaskSettings(viewer: MemberViewer, settings: TaskSettingsData, requestId: string) {
    return this.run(viewer, { type: 'UpdateTaskSettings', settings }, requestId);
  }
}
