import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { preparedQuery } from '../db/prepared';
import { DomainError } from '../projections/domain.errors';
import type { MemberSignInOutboxPayload, MemberSignInRecorder } from './member-sign-in.recorder';
import { hashToken, randomToken } from './secret-token';
import { SESSION_DAYS } from './session-cookie';
import { isConsoleReturnPath } from './sign-in-outbox';
import { answerNoSoonerThan, SignInRateLimit } from './sign-in-rate-limit';
import { CredentialCache, RENEW_EVERY_MS, stillLive, type KeptSession } from './credential.cache';
import type { MemberViewer } from './viewer';

export const MEMBER_LINK_MINUTES = 15;
export const INVITATION_DAYS = 7;
const ANSWER_FLOOR_MS = 200;

export const MEMBER_LINK_USED_OR_EXPIRED =
  'This sign-in link has been used or has expired. Sign-in links work once, for 15 minutes (invitations for 7 days): ask for a new one on the sign-in page.';

/** A new invitation link (7 days) for a member, in the caller's transaction; the token is returned once. */
export async function createInvitationLink(
  db: PoolClient,
  invitation: { linkId: string; workspaceId: string; memberId: string; createdAt: Date; expiresAt: Date },
): Promise<string> {
  const token = randomToken();
  await db.query(
    `INSERT INTO member_login_links (id, workspace_id, member_id, purpose, token_hash, created_at, expires_at)
     VALUES ($1, $2, $3, 'invitation', $4, $5, $6)`,
    [
      invitation.linkId,
      invitation.workspaceId,
      invitation.memberId,
      hashToken(token),
      invitation.createdAt,
      invitation.expiresAt,
    ],
  );
  return token;
}

/** A removed member loses everything at once, in the caller's transaction: sessions, unused links, API tokens. */
export async function endMemberAccess(db: PoolClient, memberId: string, at: Date): Promise<void> {
  await db.query('UPDATE member_sessions SET ended_at = $2 WHERE member_id = $1 AND ended_at IS NULL', [
    memberId,
    at,
  ]);
  await db.query(
    'UPDATE member_login_links SET revoked_at = $2 WHERE member_id = $1 AND used_at IS NULL AND revoked_at IS NULL',
    [memberId, at],
  );
  await db.query('UPDATE api_tokens SET revoked_at = $2 WHERE member_id = $1 AND revoked_at IS NULL', [
    memberId,
    at,
  ]);
}

/** A console session of 30 days (sliding), its token stored hashed, in the caller's transaction. */
async function insertSession(
  db: PoolClient,
  session: {
    sessionId: string;
    member: { workspaceId: string; memberId: string };
    sessionToken: string;
    now: Date;
  },
): Promise<void> {
  const { sessionId, member, sessionToken, now } = session;
  await db.query(
    `INSERT INTO member_sessions (id, workspace_id, member_id, token_hash, created_at, last_seen_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $5, $6)`,
    [
      sessionId,
      member.workspaceId,
      member.memberId,
      hashToken(sessionToken),
      now,
      new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    ],
  );
}

/**
 * Members' sign-in to the console: one-time links by email (one email for an
 * address that belongs to several workspaces, a link for each), exchanged
 * for a session whose token lives in an HttpOnly cookie of its own. Tokens
 * are stored only as SHA-256.
 */
export class MemberSessionService {
  private readonly limit: SignInRateLimit;

  constructor(
    private readonly pool: Pool,
    private readonly recorder: MemberSignInRecorder,
    redis: Redis,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    redisPrefix: string,
    private readonly credentials: CredentialCache = new CredentialCache(clock),
  ) {
    this.limit = new SignInRateLimit(redis, redisPrefix, 'member-login', logger);
  }

  /** True, in about the same time, whatever the address; a link that should have been made and was not is an error. */
  async requestSignInLink(
    email: string,
    ip: string,
    requestId: string,
    returnTo: string | null = null,
  ): Promise<true> {
    if (returnTo !== null && !isConsoleReturnPath(returnTo))
      throw new DomainError(
        'BAD_USER_INPUT',
        'returnTo: must be a page of the console, such as /app/invoices',
        'returnTo',
      );
    const started = Date.now();
    try {
      if (await this.limit.overLimit(email, ip))
        this.logger.warn({ ip }, 'member sign-in link refused: rate limit');
      else await this.sendLinks(email, requestId, returnTo);
      return true;
    } catch (error) {
      this.logger.error({ err: error }, 'member sign-in link request failed');
      throw error;
    } finally {
      await answerNoSoonerThan(started, ANSWER_FLOOR_MS);
    }
  }

  /**
   * A link for each workspace the address is a member of, each recorded on
   * that member's stream in a transaction of its own, in order; the last one
   * also leaves every token in the outbox, so the dispatcher sends one email
   * once all are made. Without the rate limit or the floor: for trusted
   * callers (npm start's banner); requestSignInLink wraps it.
   */
  async sendLinks(email: string, requestId: string, returnTo: string | null = null): Promise<number> {
    const { rows: members } = await this.pool.query(
      `SELECT m.id AS "memberId", m.workspace_id AS "workspaceId", m.name
       FROM members m WHERE lower(m.email) = lower($1) AND m.removed_at IS NULL
       ORDER BY m.created_at, m.id`,
      [email.trim()],
    );
    if (!members.length) return 0;
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + MEMBER_LINK_MINUTES * 60_000);
    const batchId = randomUUID();
    const links = members.map((member) => ({ ...member, linkId: randomUUID(), token: randomToken() }));
    let made = 0;
    for (const [batchIndex, link] of links.entries()) {
      const last = batchIndex === links.length - 1;
      const recorded = await this.recorder.recordLinkRequest(
        link,
        { linkId: link.linkId, expiresAt, batchId, batchIndex, batchSize: links.length },
        requestId,
        async (db, eventId) => {
          await db.query(
            `INSERT INTO member_login_links (id, workspace_id, member_id, purpose, token_hash, created_at, expires_at)
             VALUES ($1, $2, $3, 'sign-in', $4, $5, $6)`,
            [link.linkId, link.workspaceId, link.memberId, hashToken(link.token), now, expiresAt],
          );
          if (!last) return;
          const payload: MemberSignInOutboxPayload = {
            kind: 'member-sign-in',
            links: links.map(({ workspaceId, memberId, token }) => ({ workspaceId, memberId, token })),
            ...(returnTo ? { returnTo } : {}),
          };
          await db.query('INSERT INTO email_outbox (event_id, workspace_id, payload) VALUES ($1, $2, $3)', [
            eventId,
            link.workspaceId,
            JSON.stringify(payload),
          ]);
        },
      );
      if (recorded) made++;
    }
    return made;
  }

  /** Uses a sign-in or invitation link once and opens a console session; anything else is UNAUTHENTICATED. */
  async signIn(token: string, requestId: string): Promise<{ viewer: MemberViewer; sessionToken: string }> {
    const now = this.clock();
    const { rows } = await this.pool.query(
      `SELECT l.id, m.id AS "memberId", m.workspace_id AS "workspaceId", m.name, m.email, m.role
       FROM member_login_links l
       JOIN members m ON m.id = l.member_id AND m.removed_at IS NULL
       WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.revoked_at IS NULL AND l.expires_at > $2`,
      [hashToken(token), now],
    );
    const link = rows[0];
    if (!link) throw new DomainError('UNAUTHENTICATED', MEMBER_LINK_USED_OR_EXPIRED);
    const sessionToken = randomToken();
    const sessionId = randomUUID();
    const recorded = await this.recorder.recordSignIn(link, sessionId, requestId, async (db) => {
      const used = await db.query(
        'UPDATE member_login_links SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL',
        [link.id, now],
      );
      if (used.rowCount !== 1) throw new DomainError('UNAUTHENTICATED', MEMBER_LINK_USED_OR_EXPIRED);
      await insertSession(db, { sessionId, member: link, sessionToken, now });
    });
    if (!recorded) throw new DomainError('UNAUTHENTICATED', MEMBER_LINK_USED_OR_EXPIRED);
    const { id: _id, ...member } = link;
    return { viewer: { kind: 'MEMBER', ...member, tokenId: null, sessionId }, sessionToken };
  }

  /**
   * A console session in another workspace the same address is a member of:
   * the address proved itself with the link of this session, so no new email
   * is needed. This session ends; the new one is recorded as a sign-in there.
   */
  async switchTo(
    viewer: MemberViewer,
    workspaceId: string,
    requestId: string,
  ): Promise<{ viewer: MemberViewer; sessionToken: string }> {
    if (!viewer.sessionId)
      throw new DomainError('BAD_USER_INPUT', 'switching workspace is for console sessions, not API tokens');
    const { rows } = await this.pool.query(
      `SELECT m.id AS "memberId", m.workspace_id AS "workspaceId", m.name, m.email, m.role
       FROM members m WHERE m.workspace_id::text = $1 AND lower(m.email) = lower($2) AND m.removed_at IS NULL`,
      [workspaceId, viewer.email],
    );
    const member = rows[0];
    if (!member) throw new DomainError('NOT_FOUND', 'you are no member of that workspace', 'workspaceId');
    const now = this.clock();
    const sessionToken = randomToken();
    const sessionId = randomUUID();
    const recorded = await this.recorder.recordSignIn(member, sessionId, requestId, async (db) => {
      const ended = await db.query(
        'UPDATE member_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL',
        [viewer.sessionId, now],
      );
      if (ended.rowCount !== 1) throw new DomainError('UNAUTHENTICATED', 'this session has ended');
      await insertSession(db, { sessionId, member, sessionToken, now });
    });
    if (!recorded) throw new DomainError('NOT_FOUND', 'you are no member of that workspace', 'workspaceId');
    return { viewer: { kind: 'MEMBER', ...member, tokenId: null, sessionId }, sessionToken };
  }

  /** The workspaces the viewer's address belongs to (this one included). */
  async workspacesOf(viewer: MemberViewer): Promise<{ id: string; name: string; current: boolean }[]> {
    const { rows } = await this.pool.query(
      `SELECT w.id, w.name, w.id = $2 AS current FROM members m JOIN workspaces w ON w.id = m.workspace_id
       WHERE lower(m.email) = lower($1) AND m.removed_at IS NULL ORDER BY w.name, w.id`,
      [viewer.email, viewer.workspaceId],
    );
    return rows;
  }

  /** The member a console session cookie belongs to, while the session and the membership are live. */
  async authenticate(sessionToken: string): Promise<{ viewer: MemberViewer; renewed: boolean } | null> {
    const tokenHash = hashToken(sessionToken);
    const key = `member:${tokenHash}`;
    const kept = this.credentials.get<KeptSession<MemberViewer>>(key, stillLive);
    if (kept) return { viewer: { ...kept.viewer }, renewed: false };
    const now = this.clock();
    const { rows } = await preparedQuery(
      this.pool,
      `SELECT s.id AS "sessionId", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt", m.id AS "memberId",
              m.workspace_id AS "workspaceId", m.name, m.email, m.role
       FROM member_sessions s JOIN members m ON m.id = s.member_id AND m.removed_at IS NULL
       WHERE s.token_hash = $1 AND s.ended_at IS NULL AND s.expires_at > $2`,
      [tokenHash, now],
    );
    if (!rows[0]) return null;
    const { lastSeenAt, expiresAt, ...fields } = rows[0];
    const viewer: MemberViewer = { kind: 'MEMBER', ...fields, tokenId: null };
    const renewed = now.getTime() - lastSeenAt.getTime() > RENEW_EVERY_MS;
    if (renewed) {
      await this.pool.query('UPDATE member_sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1', [
        viewer.sessionId,
        now,
        new Date(now.getTime() + SESSION_DAYS * 86_400_000),
      ]);
    } else {
      this.credentials.set(key, { viewer, lastSeenAt, expiresAt } satisfies KeptSession<MemberViewer>);
    }
    return { viewer: { ...viewer }, renewed };
  }

  async signOut(viewer: MemberViewer): Promise<void> {
    if (!viewer.sessionId) return;
    await this.pool.query('UPDATE member_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL', [
      viewer.sessionId,
      this.clock(),
    ]);
  }
}
