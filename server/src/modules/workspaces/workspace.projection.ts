import { defineProjection } from '../../projections/inline-projection';
import type { WorkspaceEvent } from './workspace.events';

/** workspaces (their members: members/member.projection.ts). */
export const workspaceProjection = defineProjection<WorkspaceEvent>({
  name: 'workspaces',
  tables: ['workspaces'],
  handlers: {
    async WorkspaceCreated({ data, recordedAt }, db) {
      await db.query(
        `INSERT INTO workspaces (id, name, slug, portal_enabled, company_name, accent_color, show_your_brand,
           task_visibility, clients_can_create, clients_can_edit, clients_can_comment, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
        [
          data.workspaceId,
          data.name,
          data.slug,
          data.portalEnabled,
          data.branding.companyName,
          data.branding.accentColor,
          data.branding.showYourBrand,
          data.taskSettings.visibility,
          data.taskSettings.clientsCanCreate,
          data.taskSettings.clientsCanEdit,
          data.taskSettings.clientsCanComment,
          recordedAt,
        ],
      );
    },
    async BrandingUpdated({ data: { workspaceId, branding }, recordedAt }, db) {
      await db.query(
        'UPDATE workspaces SET company_name = $2, accent_color = $3, show_your_brand = $4, updated_at = $5 WHERE id = $1',
        [workspaceId, branding.companyName, branding.accentColor, branding.showYourBrand, recordedAt],
      );
    },
    async PortalEnabledChanged({ data: { workspaceId, enabled }, recordedAt }, db) {
      await db.query('UPDATE workspaces SET portal_enabled = $2, updated_at = $3 WHERE id = $1', [
        workspaceId,
        enabled,
        recordedAt,
      ]);
    },
    async StripeAccountConnected({ data: { workspaceId, accountId }, recordedAt }, db) {
      await db.query('UPDATE workspaces SET stripe_account_id = $2, updated_at = $3 WHERE id = $1', [
        workspaceId,
        accountId,
        recordedAt,
      ]);
    },
    async TaskSettingsUpdated({ data: { workspaceId, taskSettings: s }, recordedAt }, db) {
      await db.query(
        `UPDATE workspaces SET task_visibility = $2, clients_can_create = $3, clients_can_edit = $4,
           clients_can_comment = $5, updated_at = $6 WHERE id = $1`,
        [workspaceId, s.visibility, s.clientsCanCreate, s.clientsCanEdit, s.clientsCanComment, recordedAt],
      );
    },
    async BrandingImageRemoved({ data: { workspaceId, image }, recordedAt }, db) {
      const column = image === 'LOGO' ? 'logo_key' : 'background_image_key';
      await db.query(`UPDATE workspaces SET ${column} = NULL, updated_at = $2 WHERE id = $1`, [
        workspaceId,
        recordedAt,
      ]);
    },
    async BrandingImageSet({ data: { workspaceId, image, storageKey }, recordedAt }, db) {
      const column = image === 'LOGO' ? 'logo_key' : 'background_image_key';
      await db.query(`UPDATE workspaces SET ${column} = $2, updated_at = $3 WHERE id = $1`, [
        workspaceId,
        storageKey,
        recordedAt,
      ]);
    },
  },
});
