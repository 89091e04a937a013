import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type Redis from 'ioredis';
import { DomainError } from '../projections/domain.errors';
import { preparedQuery } from '../db/prepared';
import { hashToken, randomToken } from './secret-token';
import { isReturnPath, type SignInOutboxPayload } from './sign-in-outbox';
import type { SignInRecorder } from './sign-in.recorder';
import { SESSION_DAYS } from './session-cookie';
import { answerNoSoonerThan, SignInRateLimit } from './sign-in-rate-limit';
import { CredentialCache, RENEW_EVERY_MS, stillLive, type KeptSession } from './credential.cache';
import type { ContactViewer } from './viewer';

export const LINK_MINUTES = 15;
/** requestLoginLink answers no sooner than this, known email or not. */
const ANSWER_FLOOR_MS = 200;

export const LINK_USED_OR_EXPIRED =
  'This sign-in link has been used or has expired. Links work once, for 15 minutes: ask for a new one on the sign-in page.';

/**
 * Ends sessions and unused links of a contact, a client or a whole workspace,
 * and revokes their invoice keys, in the caller's transaction: whoever loses
 * the portal loses the one-click invoice links of their emails with it.
 */
export async function endSessions(
  db: PoolClient | Pool,
  scope: { contactId?: string; clientId?: string; workspaceId?: string },
  at: Date,
) {
  const [column, id] = scope.contactId
    ? ['contact_id', scope.contactId]
    : scope.clientId
      ? ['client_id', scope.clientId]
      : ['workspace_id', scope.workspaceId!];
  await db.query(`UPDATE contact_sessions SET ended_at = $2 WHERE ${column} = $1 AND ended_at IS NULL`, [
    id,
    at,
  ]);
  const links =
    column === 'client_id'
      ? `contact_id IN (SELECT id FROM contacts WHERE client_id = $1)`
      : `${column} = $1`;
  await db.query(
    `UPDATE login_links SET revoked_at = $2 WHERE ${links} AND used_at IS NULL AND revoked_at IS NULL`,
    [id, at],
  );
  const reason =
    column === 'contact_id'
      ? 'the contact lost access'
      : column === 'client_id'
        ? 'the client was archived'
        : 'the portal was turned off';
  await db.query(
    `UPDATE invoice_keys SET revoked_at = $2, revoked_reason = $3 WHERE ${column} = $1 AND revoked_at IS NULL`,
    [id, at, reason],
  );
}

/**
 * Contacts' sign-in: one-time links sent by email, exchanged for a session
 * whose token lives in an HttpOnly cookie. Tokens are stored only as SHA-256.
 */
export class ContactSessionService {
  private readonly limit: SignInRateLimit;

  constructor(
    private readonly pool: Pool,
    private readonly recorder: SignInRecorder,
    redis: Redis,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    redisPrefix: string,
    private readonly credentials: CredentialCache = new CredentialCache(clock),
  ) {
    this.limit = new SignInRateLimit(redis, redisPrefix, 'login', logger);
  }

  /**
   * True, in about the same time, whether or not the email is a contact's;
   * sends a link only to a live contact of an open portal, within the rate
   * limits. A link that should have been made and could not be (the database
   * away) is an error, never a true.
   */
  async requestLoginLink(
    slug: string,
    email: string,
    ip: string,
    requestId: string,
    returnTo: string | null = null,
  ): Promise<true> {
    // Said at once, whatever the email: it tells nothing of who has access.
    if (returnTo !== null && !isReturnPath(slug, returnTo))
      throw new DomainError(
        'BAD_USER_INPUT',
        `returnTo: must be a page of this portal, such as /p/${slug}/projects`,
        'returnTo',
      );
    const started = Date.now();
    try {
      if (await this.limit.overLimit(email, ip)) {
        this.logger.warn({ slug, ip }, 'sign-in link refused: rate limit');
      } else {
        await this.sendLink(slug, email, requestId, returnTo);
      }
      return true;
    } catch (error) {
      this.logger.error({ err: error, slug }, 'sign-in link request failed');
      throw error;
    } finally {
      await answerNoSoonerThan(started, ANSWER_FLOOR_MS);
    }
  }

  /**
   * Makes and queues a link at once, without the rate limit or the answer
   * floor: for trusted callers (npm start's demo link); requestLoginLink wraps it.
   */
  async sendLink(
    slug: string,
    email: string,
    requestId: string,
    returnTo: string | null = null,
  ): Promise<void> {
    const { rows } = await this.pool.query(
      `SELECT c.id AS "contactId", c.client_id AS "clientId", c.workspace_id AS "workspaceId", c.name
       FROM workspaces w
       JOIN contacts c ON c.workspace_id = w.id AND NOT c.removed AND lower(c.email) = lower($2)
       JOIN clients cl ON cl.id = c.client_id AND NOT cl.archived
       WHERE w.slug = $1 AND w.portal_enabled`,
      [slug, email.trim()],
    );
    const contact = rows[0];
    if (!contact) return;
    const token = randomToken();
    const linkId = randomUUID();
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + LINK_MINUTES * 60_000);
    // Archived, removed or portal off since the read above: no link (and the answer stays true).
    await this.recorder.recordLinkRequest(contact, { linkId, expiresAt }, requestId, async (db, eventId) => {
      await db.query(
        'INSERT INTO login_links (id, workspace_id, contact_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [linkId, contact.workspaceId, contact.contactId, hashToken(token), now, expiresAt],
      );
      const payload: SignInOutboxPayload = { kind: 'sign-in', token, ...(returnTo ? { returnTo } : {}) };
      await db.query('INSERT INTO email_outbox (event_id, workspace_id, payload) VALUES ($1, $2, $3)', [
        eventId,
        contact.workspaceId,
        JSON.stringify(payload),
      ]);
    });
  }

  /** Uses a link once and opens a session; a used, expired, revoked or unknown token is UNAUTHENTICATED. */
  async signIn(token: string, requestId: string): Promise<{ viewer: ContactViewer; sessionToken: string }> {
    const now = this.clock();
    const { rows } = await this.pool.query(
      `SELECT l.id, c.id AS "contactId", c.client_id AS "clientId", c.workspace_id AS "workspaceId", c.name, c.email
       FROM login_links l
       JOIN contacts c ON c.id = l.contact_id AND NOT c.removed
       JOIN clients cl ON cl.id = c.client_id AND NOT cl.archived
       JOIN workspaces w ON w.id = c.workspace_id AND w.portal_enabled
       WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.revoked_at IS NULL AND l.expires_at > $2`,
      [hashToken(token), now],
    );
    const link = rows[0];
    if (!link) throw new DomainError('UNAUTHENTICATED', LINK_USED_OR_EXPIRED);
    const sessionToken = randomToken();
    const sessionId = randomUUID();
    const recorded = await this.recorder.recordSignIn(link, sessionId, requestId, async (db) => {
      // Two presses of the same link race here: only one finds it unused.
      const used = await db.query(
        'UPDATE login_links SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL',
        [link.id, now],
      );
      if (used.rowCount !== 1) throw new DomainError('UNAUTHENTICATED', LINK_USED_OR_EXPIRED);
      await db.query(
        `INSERT INTO contact_sessions (id, workspace_id, client_id, contact_id, token_hash, created_at, last_seen_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`,
        [
          sessionId,
          link.workspaceId,
          link.clientId,
          link.contactId,
          hashToken(sessionToken),
          now,
          new Date(now.getTime() + SESSION_DAYS * 86_400_000),
        ],
      );
    });
    if (!recorded) throw new DomainError('UNAUTHENTICATED', LINK_USED_OR_EXPIRED);
    const { id: _id, ...contact } = link;
    return { viewer: { kind: 'CONTACT', ...contact, sessionId }, sessionToken };
  }

  /** The contact a session cookie belongs to, while the session, the contact, the client and the portal are all live. */
  async authenticate(sessionToken: string): Promise<{ viewer: ContactViewer; renewed: boolean } | null> {
    const tokenHash = hashToken(sessionToken);
    const key = `contact:${tokenHash}`;
    const kept = this.credentials.get<KeptSession<ContactViewer>>(key, stillLive);
    if (kept) return { viewer: { ...kept.viewer }, renewed: false };
    const now = this.clock();
    const { rows } = await preparedQuery(
      this.pool,
      `SELECT s.id AS "sessionId", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt",
              c.id AS "contactId", c.client_id AS "clientId", c.workspace_id AS "workspaceId", c.name, c.email
       FROM contact_sessions s
       JOIN contacts c ON c.id = s.contact_id AND NOT c.removed
       JOIN clients cl ON cl.id = s.client_id AND NOT cl.archived
       JOIN workspaces w ON w.id = s.workspace_id AND w.portal_enabled
       WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > $2`,
      [tokenHash, now],
    );
    if (!rows[0]) return null;
    const { lastSeenAt, expiresAt, ...fields } = rows[0];
    const viewer: ContactViewer = { kind: 'CONTACT', ...fields };
    const renewed = now.getTime() - lastSeenAt.getTime() > RENEW_EVERY_MS;
    if (renewed) {
      await this.pool.query('UPDATE contact_sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1', [
        viewer.sessionId,
        now,
        new Date(now.getTime() + SESSION_DAYS * 86_400_000),
      ]);
    } else {
      this.credentials.set(key, { viewer, lastSeenAt, expiresAt } satisfies KeptSession<ContactViewer>);
    }
    return { viewer: { ...viewer }, renewed };
  }

  async signOut(viewer: ContactViewer): Promise<void> {
    await this.pool.query('UPDATE contact_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL', [
      viewer.sessionId,
      this.clock(),
    ]);
  }
}
