import type { AppContext } from '../app-context';

export const DEMO_SLUG = 'demo-studio';
export const DEMO_CONTACT_EMAIL = 'john.smith@example.com';
const REQUEST_ID = 'npm-start-demo';

export interface DemoAccess {
  /** A fresh member API token of the owner, named "npm start". */
  token: string;
  /** A fresh sign-in link for John Smith; null when none was made (the portal is off, or John was removed). */
  signInLink: string | null;
  /** A fresh console sign-in link for the owner; null when none was made. */
  consoleLink: string | null;
}

/** None yet; begun but not finished (an interrupted first start); or seeded to the end. */
export type DemoState = 'none' | 'partial' | 'complete';

export async function demoState(context: AppContext): Promise<DemoState> {
  if (!(await context.services.workspaces.bySlug(DEMO_SLUG))) return 'none';
  const { rowCount } = await context.pool.query('SELECT 1 FROM demo_seeds WHERE slug = $1', [DEMO_SLUG]);
  return rowCount ? 'complete' : 'partial';
}

/** A fresh "npm start" API token of the demo's owner and a fresh sign-in link for John (read from the outbox). */
export async function demoAccess(context: AppContext): Promise<DemoAccess> {
  const { services, pool } = context;
  const workspace = (await services.workspaces.bySlug(DEMO_SLUG))!;
  const owner = await pool.query<{ id: string }>(
    'SELECT id FROM members WHERE workspace_id = $1 ORDER BY created_at LIMIT 1',
    [workspace.id],
  );
  const { token } = await services.apiTokens.create(workspace.id, owner.rows[0].id, 'npm start', {
    actor: { kind: 'SYSTEM', id: null, name: 'npm start' },
    correlationId: REQUEST_ID,
    tenantId: workspace.id,
  });
  const since = await pool.query<{ position: string }>(
    'SELECT coalesce(max(global_position), 0) AS position FROM es_events',
  );
  // The link's own making (the RequestSignInLink command and its outbox row), without requestLoginLink's
  // per-email rate limit: npm start, not a visitor, asks, and a few restarts in an hour would use it up.
  await services.contactSessions.sendLink(DEMO_SLUG, DEMO_CONTACT_EMAIL, REQUEST_ID);
  const link = await pool.query<{ token: string }>(
    `SELECT o.payload->>'token' AS token FROM email_outbox o
     JOIN es_events e ON e.event_id = o.event_id
     JOIN contacts c ON c.id = (e.data->>'contactId')::uuid
     WHERE c.workspace_id = $1 AND lower(c.email) = $2 AND e.global_position > $3
     ORDER BY e.global_position DESC LIMIT 1`,
    [workspace.id, DEMO_CONTACT_EMAIL, since.rows[0].position],
  );
  const linkToken = link.rows[0]?.token;
  // The owner's console link the same way (the last request of the batch keeps its tokens in the outbox).
  const { rows: owners } = await pool.query<{ email: string }>('SELECT email FROM members WHERE id = $1', [
    owner.rows[0].id,
  ]);
  await services.memberSessions.sendLinks(owners[0].email, REQUEST_ID);
  const consoleLinks = await pool.query<{ token: string }>(
    `SELECT l->>'token' AS token FROM email_outbox o
     JOIN es_events e ON e.event_id = o.event_id AND e.type = 'MemberSignInLinkRequested',
     jsonb_array_elements(o.payload->'links') AS l
     WHERE l->>'workspaceId' = $1 AND e.global_position > $2
     ORDER BY e.global_position DESC LIMIT 1`,
    [workspace.id, since.rows[0].position],
  );
  const consoleToken = consoleLinks.rows[0]?.token;
  return {
    token,
    signInLink: linkToken
      ? `${context.config.PUBLIC_URL}/p/${DEMO_SLUG}/auth?token=${encodeURIComponent(linkToken)}`
      : null,
    consoleLink: consoleToken ? `${context.config.PUBLIC_URL}/app/auth?token=${consoleToken}` : null,
  };
}
