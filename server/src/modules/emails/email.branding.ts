import type { Queryable } from '../../db/queryable';
import { brandingImageUrl } from '../workspaces/branding.images';
import type { EmailBranding } from './templates/email.layout';

/**
 * The workspace's branding as it is now (emails use what is current when they
 * are sent); null if it is gone. The logo is the service's stable address of
 * it (PUBLIC_URL/branding/<workspace>/logo), which keeps working in an email
 * read years later; without a publicUrl, no logo.
 */
export async function loadEmailBranding(
  db: Queryable,
  workspaceId: string,
  publicUrl: string | null = null,
): Promise<EmailBranding | null> {
  const { rows } = await db.query(
    'SELECT company_name, accent_color, show_your_brand, logo_key FROM workspaces WHERE id = $1',
    [workspaceId],
  );
  if (!rows.length) return null;
  return {
    companyName: rows[0].company_name,
    accentColor: rows[0].accent_color,
    logoUrl: rows[0].logo_key && publicUrl ? brandingImageUrl(publicUrl, workspaceId, 'LOGO') : null,
    showYourBrand: rows[0].show_your_brand,
  };
}
