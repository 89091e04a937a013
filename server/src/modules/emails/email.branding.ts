import type { Queryable } from '../../db/queryable';
import type { EmailBranding } from './templates/email.layout';

/** The workspace's branding as it is now (emails use what is current when they are sent); null if it is gone. */
export async function loadEmailBranding(db: Queryable, workspaceId: string): Promise<EmailBranding | null> {
  const { rows } = await db.query(
    'SELECT company_name, accent_color, show_your_brand FROM workspaces WHERE id = $1',
    [workspaceId],
  );
  if (!rows.length) return null;
  return {
    companyName: rows[0].company_name,
    accentColor: rows[0].accent_color,
    // The hook for logos: no logo is stored yet.
    logoUrl: null,
    showYourBrand: rows[0].show_your_brand,
  };
}
