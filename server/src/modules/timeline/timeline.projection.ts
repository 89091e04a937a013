import type { RecordedEvent } from '../../event-store/event.types';
import type { InlineProjection } from '../../projections/inline-projection';
import { describe, TIMELINE_EVENT_TYPES } from './timeline.entries';

/** One entry per event, keyed by the event id; newest first by the event's global position. */
export const timelineProjection: InlineProjection = {
  name: 'timeline',
  eventTypes: TIMELINE_EVENT_TYPES,
  tables: ['timeline_entries'],
  async apply(events: readonly RecordedEvent[], db) {
    const rows = events.flatMap((event) => {
      const entry = describe(event);
      if (!entry) return [];
      const data = event.data as { workspaceId: string; clientId: string };
      return [
        {
          id: event.eventId,
          workspace_id: data.workspaceId,
          client_id: data.clientId,
          project_id: entry.projectId,
          position: event.globalPosition,
          occurred_at: event.recordedAt,
          actor: event.metadata.actor,
          type: event.type,
          summary: entry.summary,
          audience: entry.audience,
          task_id: entry.taskId ?? null,
        },
      ];
    });
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO timeline_entries (id, workspace_id, client_id, project_id, position, occurred_at, actor, type, summary, audience, task_id)
       SELECT id, workspace_id, client_id, project_id, position, occurred_at, actor, type, summary, audience, task_id
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, workspace_id uuid, client_id uuid, project_id uuid, position bigint,
         occurred_at timestamptz, actor jsonb, type text, summary text, audience text, task_id uuid)`,
      [JSON.stringify(rows)],
    );
  },
};
