import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { DomainError } from '../projections/domain.errors';
import { isUuid } from '../modules/shared/validation';
import { hashToken, randomToken } from './secret-token';
import type { ContactViewer, MemberViewer } from './viewer';

export const PREVIEW_MINUTES = 60;

/**
 * A member sees the portal as one of a client's contacts sees it: a token
 * (sent back by the portal as `x-portal-preview`) that reads as that contact,
 * and nothing else. It signs nobody in, records nothing as the contact, and
 * every mutation made with it is refused (readOnlyPreviewPlugin).
 */
export class PortalPreviewService {
  constructor(
    private readonly pool: Pool,
    private readonly publicUrl: string,
    private readonly clock: () => Date,
  ) {}

  /** The portal's address for the preview; the token rides in the fragment, which no server or referrer sees. */
  async start(viewer: MemberViewer, contactId: string): Promise<{ url: string; expiresAt: Date }> {
    const { rows } = isUuid(contactId)
      ? await this.pool.query(
          `SELECT c.id, cl.archived, w.slug FROM contacts c JOIN clients cl ON cl.id = c.client_id
           JOIN workspaces w ON w.id = c.workspace_id
           WHERE c.id = $1 AND c.workspace_id = $2 AND NOT c.removed`,
          [contactId, viewer.workspaceId],
        )
      : { rows: [] };
    const contact = rows[0];
    if (!contact) throw new DomainError('NOT_FOUND', 'contact not found', 'contactId');
    if (contact.archived)
      throw new DomainError(
        'BAD_USER_INPUT',
        'the client is archived: its contacts see no portal',
        'contactId',
      );
    const token = randomToken();
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + PREVIEW_MINUTES * 60_000);
    await this.pool.query(
      `INSERT INTO portal_previews (id, workspace_id, member_id, contact_id, token_hash, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [randomUUID(), viewer.workspaceId, viewer.memberId, contactId, hashToken(token), now, expiresAt],
    );
    return {
      url: `${this.publicUrl}/p/${encodeURIComponent(contact.slug)}/preview#token=${token}`,
      expiresAt,
    };
  }

  /** The contact a live preview token reads as, while the member, the contact and the client all still are. */
  async authenticate(token: string): Promise<ContactViewer | null> {
    const { rows } = await this.pool.query(
      `SELECT p.id, c.id AS "contactId", c.client_id AS "clientId", c.workspace_id AS "workspaceId", c.name, c.email,
              m.name AS "memberName"
       FROM portal_previews p
       JOIN members m ON m.id = p.member_id AND m.removed_at IS NULL
       JOIN contacts c ON c.id = p.contact_id AND NOT c.removed
       JOIN clients cl ON cl.id = c.client_id AND NOT cl.archived
       WHERE p.token_hash = $1 AND p.expires_at > $2`,
      [hashToken(token), this.clock()],
    );
    const row = rows[0];
    if (!row) return null;
    const { id, memberName, ...contact } = row;
    return { kind: 'CONTACT', ...contact, sessionId: `preview:${id}`, previewBy: memberName };
  }
}
