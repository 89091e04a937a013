import type { Pool } from 'pg';
import type { ContactViewer } from '../../auth/viewer';
import { CLIENT_COLUMNS, CONTACT_COLUMNS } from '../clients/client.service';
import type { WorkspaceService } from '../workspaces/workspace.service';
import type { ContactViewerType, PortalInfo } from './portal.type';

/** What the sign-in page shows, and the signed-in contact's own view. */
export class PortalService {
  constructor(
    private readonly pool: Pool,
    private readonly workspaces: WorkspaceService,
  ) {}

  async bySlug(slug: string): Promise<PortalInfo | null> {
    const workspace = await this.workspaces.bySlug(slug);
    return workspace
      ? { slug: workspace.slug, enabled: workspace.portalEnabled, branding: workspace.branding }
      : null;
  }

  async contactViewer(viewer: ContactViewer): Promise<ContactViewerType> {
    const [workspace, contact, client] = await Promise.all([
      this.workspaces.byId(viewer.workspaceId),
      this.pool.query(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = $1`, [viewer.contactId]),
      this.pool.query(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = $1`, [viewer.clientId]),
    ]);
    return {
      contact: contact.rows[0],
      client: client.rows[0],
      portal: { slug: workspace!.slug, enabled: workspace!.portalEnabled, branding: workspace!.branding },
      taskSettings: workspace!.taskSettings,
      previewBy: viewer.previewBy ?? null,
    };
  }
}
