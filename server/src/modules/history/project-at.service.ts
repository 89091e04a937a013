import { Client, type Pool } from 'pg';
import type { MemberViewer } from '../../auth/viewer';
import type { Queryable } from '../../db/queryable';
import type { EventStore } from '../../event-store/event-store';
import type { InlineProjectionRunner } from '../../projections/inline-projection';
import { projectStreamId, type ProjectCreated } from '../projects/project.events';
import { isUuid } from '../shared/validation';
import { projectStreamIds, type ProjectOrigin } from './project-history.streams';

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;
/** However a request ends, its connection is closed by then. */
const SAFETY_TIMEOUT_MS = 30_000;

/**
 * The client's queries one after the other: the resolvers of one response ask
 * at once, and pg (9 and on) refuses a query while another runs.
 */
function serialized(client: Client): Queryable {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    query(text: never, values?: unknown[]) {
      const run = tail.then(() => client.query(text, values));
      tail = run.catch(() => undefined);
      return run;
    },
  } as Queryable;
}

/** A project's past, rebuilt on a connection of its own: read it through `db`, then release it. */
export interface ProjectPast {
  db: Queryable;
  origin: ProjectOrigin;
  /** How many events the replay applied. */
  events: number;
  release(): Promise<void>;
}

/**
 * projectAt: the read models as they stood at an instant, rebuilt from the log
 * by the inline projections themselves (the same runner the appends and
 * rebuild-projections use), into temporary tables that shadow the live ones on
 * a connection of the request's own. The same read code then answers from them.
 *
 * The connection is not the pool's: a named prepared statement cached on a
 * pooled connection points at the public tables, and would read the present.
 */
export class ProjectAtService {
  constructor(private readonly deps: { pool: Pool; store: EventStore; runner: InlineProjectionRunner }) {
    const bad = deps.runner.tables.find((table) => !TABLE_NAME.test(table));
    if (bad) throw new Error(`read-model table name ${JSON.stringify(bad)} is not a plain identifier`);
  }

  /** null when the project is unknown, another workspace's, or did not exist yet at `at`. */
  async open(viewer: MemberViewer, projectId: string, at: Date): Promise<ProjectPast | null> {
    if (!isUuid(projectId) || Number.isNaN(at.getTime())) return null;
    const origin = await this.originOf(viewer, projectId, at);
    if (!origin) return null;
    const client = new Client(this.deps.pool.options);
    client.on('error', () => undefined);
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      await client.end().catch(() => undefined);
    };
    const timer = setTimeout(() => void release(), SAFETY_TIMEOUT_MS);
    timer.unref();
    try {
      await client.connect();
      await client.query(
        [
          'BEGIN ISOLATION LEVEL REPEATABLE READ',
          'SET LOCAL search_path = pg_temp, public',
          ...this.deps.runner.tables.map(
            (table) =>
              `CREATE TEMP TABLE ${table} (LIKE public.${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES) ON COMMIT DROP`,
          ),
        ].join(';\n'),
      );
      const streams = await projectStreamIds(client, origin, at);
      const events = await this.deps.store.readStreams(streams, { until: at }, client);
      await this.deps.runner.apply(events, client);
      return { db: serialized(client), origin, events: events.length, release };
    } catch (error) {
      await release();
      throw error;
    }
  }

  /** The project's creation, when it is the viewer's workspace's and was recorded by `at`. */
  private async originOf(viewer: MemberViewer, projectId: string, at: Date): Promise<ProjectOrigin | null> {
    const [created] = await this.deps.store.readStreams([projectStreamId(projectId)], { until: at });
    if (!created || created.type !== 'ProjectCreated') return null;
    const { data } = created as unknown as { data: ProjectCreated['data'] };
    if (data.workspaceId !== viewer.workspaceId || created.metadata.tenantId !== viewer.workspaceId)
      return null;
    return { projectId, workspaceId: data.workspaceId, clientId: data.clientId };
  }
}
