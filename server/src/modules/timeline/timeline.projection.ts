import type { Actor, RecordedEvent } from '../../event-store/event.types';
import type { InlineProjection } from '../../projections/inline-projection';
import type { TimelineDescriber } from './timeline-entry.types';

/**
 * One entry per event that a describer names, keyed by the event id; newest
 * first by the event's global position. The timeline knows no feature: each
 * module hands its describers over where the app is wired (modules/index.ts).
 */
export function createTimelineProjection(
  describers: Readonly<Record<string, TimelineDescriber>>,
): InlineProjection {
  const describe = (event: RecordedEvent) =>
    (
      describers[event.type] as
        ((data: unknown, actor: string, who: Actor) => ReturnType<TimelineDescriber>) | undefined
    )?.(event.data, event.metadata.actor.name, event.metadata.actor) ?? null;
  return {
    name: 'timeline',
    eventTypes: Object.keys(describers),
    tables: ['timeline_entries'],
    async apply(events, db) {
      const rows = events.flatMap((event) => {
        const entry = describe(event);
        if (!entry) return [];
        // The workspace: in the data of most events, in the metadata alone of newer ones (MessagePosted).
        const data = event.data as { workspaceId?: string; clientId: string };
        return [
          {
            id: event.eventId,
            workspace_id: data.workspaceId ?? event.metadata.tenantId,
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
}
