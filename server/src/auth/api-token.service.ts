import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { CommandContext, CommandHandler } from '../projections/command-handler';
import { workspaceDecider } from '../modules/workspaces/workspace.decider';
import { workspaceStreamId } from '../modules/workspaces/workspace.events';
import { preparedQuery } from '../db/prepared';
import { hashToken, newSecretToken } from './secret-token';
import { CredentialCache } from './credential.cache';
import { DomainError } from '../projections/domain.errors';
import { isUuid } from '../modules/shared/validation';
import { mayActFor } from './member-roles';
import type { MemberViewer, Viewer } from './viewer';

export interface ApiTokenRow {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** lastUsedAt is written at most this often per token and process. */
const LAST_USED_EVERY_MS = 60_000;

export class ApiTokenService {
  private readonly lastUsedWrites = new Map<string, number>();

  constructor(
    private readonly pool: Pool,
    private readonly commands: CommandHandler,
    private readonly clock: () => Date,
    private readonly credentials: CredentialCache = new CredentialCache(clock),
  ) {}

  /** Appends ApiTokenCreated and stores the token's hash in the same transaction; the token is returned once. */
  async create(workspaceId: string, memberId: string, name: string, context: CommandContext) {
    const token = newSecretToken('cpt');
    const tokenId = randomUUID();
    await this.commands.handle(
      workspaceStreamId(workspaceId),
      workspaceDecider,
      { type: 'CreateApiToken', tokenId, memberId, name },
      context,
      {
        within: (db) =>
          db
            .query(
              'INSERT INTO api_tokens (id, workspace_id, member_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
              [tokenId, workspaceId, memberId, name.trim(), hashToken(token), this.clock()],
            )
            .then(() => undefined),
      },
    );
    return { token, apiToken: (await this.byId(workspaceId, tokenId))! };
  }

  /** A member's live tokens, to a viewer who may act for that member (member-roles.ts); anyone else sees none. */
  async listFor(viewer: Viewer | null, member: { id: string; workspaceId: string }): Promise<ApiTokenRow[]> {
    if (
      viewer?.kind !== 'MEMBER' ||
      viewer.workspaceId !== member.workspaceId ||
      !mayActFor(viewer, member.id)
    )
      return [];
    const { rows } = await this.pool.query(
      `SELECT id, name, created_at AS "createdAt", last_used_at AS "lastUsedAt"
       FROM api_tokens WHERE workspace_id = $1 AND member_id = $2 AND revoked_at IS NULL ORDER BY created_at, id`,
      [member.workspaceId, member.id],
    );
    return rows;
  }

  /** Revokes a token of the viewer's workspace: their own, or anyone's as an OWNER (else FORBIDDEN). */
  async revokeAs(viewer: MemberViewer, tokenId: string, context: CommandContext): Promise<void> {
    const { rows } = isUuid(tokenId)
      ? await this.pool.query('SELECT member_id FROM api_tokens WHERE id = $1 AND workspace_id = $2', [
          tokenId,
          viewer.workspaceId,
        ])
      : { rows: [] };
    if (rows[0] && !mayActFor(viewer, rows[0].member_id))
      throw new DomainError('FORBIDDEN', "only an OWNER may revoke another member's API token", 'id');
    await this.revoke(viewer.workspaceId, tokenId, context);
  }

  async revoke(workspaceId: string, tokenId: string, context: CommandContext): Promise<void> {
    await this.commands.handle(
      workspaceStreamId(workspaceId),
      workspaceDecider,
      { type: 'RevokeApiToken', tokenId },
      context,
      {
        within: (db) =>
          db
            .query('UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND workspace_id = $2', [
              tokenId,
              workspaceId,
              this.clock(),
            ])
            .then(() => undefined),
      },
    );
  }

  async byId(workspaceId: string, tokenId: string): Promise<ApiTokenRow | null> {
    const { rows } = await this.pool.query(
      `SELECT id, name, created_at AS "createdAt", last_used_at AS "lastUsedAt"
       FROM api_tokens WHERE id = $1 AND workspace_id = $2 AND revoked_at IS NULL`,
      [tokenId, workspaceId],
    );
    return rows[0] ?? null;
  }

  /** The member a bearer token belongs to, or null for an unknown or revoked token. */
  async authenticate(token: string): Promise<MemberViewer | null> {
    const tokenHash = hashToken(token);
    const key = `token:${tokenHash}`;
    const kept = this.credentials.get<MemberViewer>(key, () => true);
    if (kept) {
      this.noteUse(kept.tokenId!);
      return { ...kept };
    }
    const { rows } = await preparedQuery(
      this.pool,
      `SELECT t.id AS "tokenId", t.workspace_id AS "workspaceId", t.member_id AS "memberId", m.name, m.email, m.role
       FROM api_tokens t JOIN members m ON m.id = t.member_id AND m.removed_at IS NULL
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
      [tokenHash],
    );
    if (!rows[0]) return null;
    this.noteUse(rows[0].tokenId);
    const viewer: MemberViewer = { kind: 'MEMBER', ...rows[0], sessionId: null };
    this.credentials.set(key, viewer);
    return { ...viewer };
  }

  /** Records lastUsedAt without a write on every request: at most once a minute per token. */
  private noteUse(tokenId: string): void {
    const now = this.clock().getTime();
    if (now - (this.lastUsedWrites.get(tokenId) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastUsedWrites.set(tokenId, now);
    this.pool
      .query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [tokenId, new Date(now)])
      .catch(() => {
        this.lastUsedWrites.delete(tokenId);
      });
  }
}
