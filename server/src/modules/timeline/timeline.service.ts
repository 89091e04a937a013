import type { Queryable } from '../../db/queryable';
import { preparedQuery } from '../../db/prepared';
import { DomainError } from '../../projections/domain.errors';
import type { TimelineConnection, TimelineEntry } from './timeline.type';

export const TIMELINE_MAX_PAGE = 100;
/** How long liveEntry's answer for one entry and audience is reused (all subscribers hear of an entry within this). */
const LIVE_ANSWER_MS = 2000;

export interface TimelinePageRequest {
  projectId: string;
  clientId: string;
  first: number;
  after: string | null;
}

interface Cursor {
  position: string;
  id: string;
}

export function encodeTimelineCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.position}:${cursor.id}`).toString('base64url');
}

export function decodeTimelineCursor(value: string): Cursor {
  const match = /^(\d{1,19}):(.+)$/.exec(Buffer.from(value, 'base64url').toString());
  if (!match) throw new DomainError('BAD_USER_INPUT', 'after: not a cursor this timeline gave', 'after');
  return { position: match[1], id: match[2] };
}

export function checkFirst(first: number): number {
  if (!Number.isInteger(first) || first < 0 || first > TIMELINE_MAX_PAGE) {
    throw new DomainError('BAD_USER_INPUT', `first: must be between 0 and ${TIMELINE_MAX_PAGE}`, 'first');
  }
  return first;
}

/**
 * Whether the contacts of a client (`clientId`, an SQL expression) read
 * timeline entry `e` now. Members ($6 null) read every entry. A contact reads the entries meant for
 * clients, and the entries of a task shared with the client now, as the
 * workspace's task setting allows now: all, or those of tasks assigned now to
 * a contact of their client. The tasks' own rule, in the timeline's terms
 * (CONTACT_TASK_FILTER in modules/tasks/task.visibility.ts).
 */
export const clientSees = (clientId: string) => `(e.audience = 'CONTACTS' OR (e.audience = 'TASK' AND EXISTS (
  SELECT 1 FROM tasks t JOIN workspaces w ON w.id = t.workspace_id
    LEFT JOIN contacts c ON c.id = t.assignee_contact_id AND c.workspace_id = t.workspace_id
  WHERE t.id = e.task_id AND t.shared_with_client
    AND (w.task_visibility = 'ALL' OR (w.task_visibility = 'ASSIGNED' AND c.client_id = ${clientId})))))`;
const AUDIENCE_FILTER = `($6::uuid IS NULL OR ${clientSees('$6')})`;
/** For members, whether the project's client reads the entry; a contact reads only what they may. */
const VISIBLE_TO_CLIENT = `($6::uuid IS NOT NULL OR ${clientSees('p.client_id')})`;

const NO_CURSOR: Cursor = { position: '9223372036854775807', id: '' };

/**
 * A project's timeline: its own entries and its client's, newest first, by
 * keyset. Two index-backed scans of at most first + 1 rows each per project,
 * merged; one statement for all the projects of a page with the same
 * arguments.
 */
export class TimelineService {
  /** The answers of liveEntry for the events of the last seconds: one query per entry and audience, whatever the number of subscribers. */
  private readonly liveAnswers = new Map<string, { at: number; entry: Promise<TimelineEntry | null> }>();

  constructor(private readonly pool: Queryable) {}

  /**
   * A new entry as a viewer of a project may read it now (a live update),
   * or null: the project is not the viewer's to see (a contact's only while
   * ACTIVE), the entry is not in this project's timeline, or it is not for
   * the viewer's eyes, by the rule of pages().
   */
  liveEntry(
    entryId: string,
    projectId: string,
    viewer: { workspaceId: string; contactClientId: string | null },
  ): Promise<TimelineEntry | null> {
    const key = `${entryId}|${projectId}|${viewer.workspaceId}|${viewer.contactClientId ?? ''}`;
    const now = Date.now();
    const known = this.liveAnswers.get(key);
    if (known && now - known.at < LIVE_ANSWER_MS) return known.entry;
    for (const [old, answer] of this.liveAnswers) {
      if (now - answer.at < LIVE_ANSWER_MS) break;
      this.liveAnswers.delete(old);
    }
    const entry = preparedQuery(
      this.pool,
      `SELECT e.id, e.occurred_at, e.actor, e.type, e.summary,
         ($4::uuid IS NOT NULL OR ${clientSees('p.client_id')}) AS visible_to_client
       FROM timeline_entries e JOIN projects p ON p.id = $1 AND p.workspace_id = $2
       WHERE e.id = $3 AND e.workspace_id = $2
         AND (e.project_id = p.id OR (e.project_id IS NULL AND e.client_id = p.client_id))
         AND ($4::uuid IS NULL OR (p.client_id = $4 AND p.status = 'ACTIVE' AND ${clientSees('$4')}))`,
      [projectId, viewer.workspaceId, entryId, viewer.contactClientId],
    ).then(({ rows }) =>
      rows[0]
        ? {
            id: rows[0].id,
            occurredAt: rows[0].occurred_at,
            actor: rows[0].actor,
            type: rows[0].type,
            summary: rows[0].summary,
            visibleToClient: rows[0].visible_to_client,
          }
        : null,
    );
    this.liveAnswers.set(key, { at: now, entry });
    // A failed read is not kept: the next subscriber asks again.
    entry.catch(() => this.liveAnswers.delete(key));
    return entry;
  }

  /** contactClientId: for a contact, only the entries meant for them (see timeline.audience.ts; the same rule in SQL). */
  async pages(
    requests: readonly TimelinePageRequest[],
    contactClientId: string | null = null,
  ): Promise<TimelineConnection[]> {
    const groups = new Map<string, TimelinePageRequest[]>();
    for (const request of requests) {
      const key = `${request.first}|${request.after ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), request]);
    }
    const results = new Map<TimelinePageRequest, TimelineConnection>();
    for (const group of groups.values()) {
      const { first, after } = group[0];
      const cursor = after ? decodeTimelineCursor(after) : NO_CURSOR;
      const { rows } = await preparedQuery(
        this.pool,
        `SELECT p.project_id, t.id, t.position, t.occurred_at, t.actor, t.type, t.summary, t.visible_to_client
         FROM unnest($1::uuid[], $2::uuid[]) AS p(project_id, client_id)
         CROSS JOIN LATERAL (
           SELECT * FROM (
             (SELECT e.id, e.position, e.occurred_at, e.actor, e.type, e.summary, ${VISIBLE_TO_CLIENT} AS visible_to_client
              FROM timeline_entries e
              WHERE e.project_id = p.project_id AND (e.position, e.id) < ($3::bigint, $4::text) AND ${AUDIENCE_FILTER}
              ORDER BY e.position DESC, e.id DESC LIMIT $5)
             UNION ALL
             (SELECT e.id, e.position, e.occurred_at, e.actor, e.type, e.summary, ${VISIBLE_TO_CLIENT} AS visible_to_client
              FROM timeline_entries e
              WHERE e.client_id = p.client_id AND e.project_id IS NULL AND (e.position, e.id) < ($3::bigint, $4::text) AND ${AUDIENCE_FILTER}
              ORDER BY e.position DESC, e.id DESC LIMIT $5)
           ) u ORDER BY u.position DESC, u.id DESC LIMIT $5
         ) t
         ORDER BY p.project_id, t.position DESC, t.id DESC`,
        [
          group.map((r) => r.projectId),
          group.map((r) => r.clientId),
          cursor.position,
          cursor.id,
          first + 1,
          contactClientId,
        ],
      );
      for (const request of group) {
        const mine = rows.filter((row) => row.project_id === request.projectId);
        const page = mine.slice(0, first);
        const edges = page.map((row) => ({
          cursor: encodeTimelineCursor({ position: row.position, id: row.id }),
          node: {
            id: row.id,
            occurredAt: row.occurred_at,
            actor: row.actor,
            type: row.type,
            summary: row.summary,
            visibleToClient: row.visible_to_client,
          },
        }));
        results.set(request, {
          edges,
          pageInfo: {
            hasNextPage: mine.length > first,
            endCursor: edges.length ? edges[edges.length - 1].cursor : null,
          },
        });
      }
    }
    return requests.map((request) => results.get(request)!);
  }
}
