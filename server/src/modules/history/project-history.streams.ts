import type { Queryable } from '../../db/queryable';
import { billingSettingsStreamId } from '../billing/billing-settings.events';
import { clientStreamId } from '../clients/client.events';
import { conversationStreamId } from '../conversations/conversation.events';
import { projectStreamId } from '../projects/project.events';
import { workspaceStreamId } from '../workspaces/workspace.events';

/** Where a project stands in the log: its workspace and client, from its own stream. */
export interface ProjectOrigin {
  projectId: string;
  workspaceId: string;
  clientId: string;
}

/**
 * The streams a replay of one project reads: the project's own and its
 * conversation, every stream with an event that names the project (its
 * invoices, tasks, documents, recurrences: data->>'projectId', indexed by
 * es_events_project_idx), and the client's and the workspace's streams
 * (contacts, task settings, members, the portal's slug, billing settings),
 * which the projections and the readers of the project's subtree need.
 * Stream ids only: the events themselves are read through the EventStore.
 */
export async function projectStreamIds(db: Queryable, origin: ProjectOrigin, until: Date): Promise<string[]> {
  const { rows } = await db.query<{ stream_id: string }>(
    `SELECT DISTINCT stream_id FROM es_events
     WHERE tenant_id = $1 AND data ? 'projectId' AND data->>'projectId' = $2 AND recorded_at <= $3`,
    [origin.workspaceId, origin.projectId, until],
  );
  return [
    ...new Set([
      workspaceStreamId(origin.workspaceId),
      billingSettingsStreamId(origin.workspaceId),
      clientStreamId(origin.clientId),
      projectStreamId(origin.projectId),
      conversationStreamId(origin.projectId),
      ...rows.map((row) => row.stream_id),
    ]),
  ];
}
