import type { LivePublisher } from '../../graphql/live/live-publisher.processor';
import type { LivePayload } from '../../graphql/live/live-subscription';
import type { Audience } from './timeline-entry.types';

/** The bus topic of new timeline entries. */
export const TIMELINE_TOPIC = 'timeline';

/** What the bus carries of a new entry: where it shows and for whom; each API process reads the rest per viewer. */
export interface TimelineLivePayload extends LivePayload {
  entryId: string;
  workspaceId: string;
  clientId: string;
  /** null: an entry of the client, shown in each of its projects. */
  projectId: string | null;
  audience: Audience;
}

/** The keys a subscriber of a project's timeline listens on: its own entries and its client's. */
export const timelineKeys = (project: { id: string; clientId: string }) => [
  `project:${project.id}`,
  `client:${project.clientId}`,
];

/**
 * One message per entry the timeline projection made of an event (read back
 * from timeline_entries, by the event's id, in the processor's transaction).
 */
export function timelineLivePublisher(eventTypes: readonly string[]): LivePublisher {
  return {
    eventTypes,
    async publications(events, db) {
      const { rows } = await db.query<{
        id: string;
        workspace_id: string;
        client_id: string;
        project_id: string | null;
        audience: Audience;
      }>(
        `SELECT id, workspace_id, client_id, project_id, audience FROM timeline_entries WHERE id = ANY($1::text[])`,
        [events.map((event) => event.eventId)],
      );
      return rows.map((row) => ({
        eventId: row.id,
        topic: TIMELINE_TOPIC,
        payload: {
          keys: [row.project_id ? `project:${row.project_id}` : `client:${row.client_id}`],
          entryId: row.id,
          workspaceId: row.workspace_id,
          clientId: row.client_id,
          projectId: row.project_id,
          audience: row.audience,
        } satisfies TimelineLivePayload,
      }));
    },
  };
}
