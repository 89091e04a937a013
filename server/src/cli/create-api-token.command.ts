import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context';
import { DomainError } from '../projections/domain.errors';

export interface CreateApiTokenFlags {
  slug: string;
  email: string;
  name?: string;
}

/**
 * A new API token for the member of workspace `slug` whose email is `email`
 * (case-insensitive), any live member, whatever their role: how the owner
 * gets back in after losing every token. A removed member is no member.
 * Unknown workspace or member: a DomainError saying which (exit 1).
 */
export async function createApiTokenCommand(context: AppContext, flags: CreateApiTokenFlags) {
  const workspace = await context.services.workspaces.bySlug(flags.slug);
  if (!workspace) throw new DomainError('NOT_FOUND', `no workspace has the slug ${flags.slug}`, 'slug');
  const { rows } = await context.pool.query<{ id: string }>(
    `SELECT id FROM members WHERE workspace_id = $1 AND lower(email) = lower($2) AND removed_at IS NULL
     ORDER BY created_at LIMIT 1`,
    [workspace.id, flags.email.trim()],
  );
  if (!rows.length)
    throw new DomainError('NOT_FOUND', `no member of ${flags.slug} has the email ${flags.email}`, 'email');
  const name = flags.name?.trim() || 'Command line';
  const { token } = await context.services.apiTokens.create(workspace.id, rows[0].id, name, {
    actor: { kind: 'SYSTEM', id: null, name: 'Command line' },
    correlationId: `cli-${randomUUID()}`,
    tenantId: workspace.id,
  });
  return { apiToken: token };
}
