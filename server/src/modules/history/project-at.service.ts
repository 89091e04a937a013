import { Client, type Pool } from 'pg';
import type { MemberViewer } from '../../auth/viewer';
import type { Queryable } from '../../db/queryable';
import type { EventStore } from '../../event-store/event-store';
import type { InlineProjectionRunner } from '../../projections/inline-projection';
import { projectStreamId, type ProjectCreated } from '../projects/project.events';
import { isUuid } from '../shared/validation';
import { projectStreamIds, type ProjectOrigin } from './project-history.streams';
import { ProjectSnapshots } from './project-snapshot.store';

/** Replays of fewer events than this leave no snapshot. */
const SNAPSHOT_AFTER = 500;
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
  /** Where the time went, in ms: the connection and its temporary tables, the snapshot's restore, the replay. */
  phases: { setup: number; restore: number; replay: number };
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
  private readonly snapshots: ProjectSnapshots;

  constructor(
    private readonly deps: {
      pool: Pool;
      store: EventStore;
      runner: InlineProjectionRunner;
      /** The release, part of a snapshot's build: a new release never restores an older one's snapshots. */
      release: string;
      /** A replay of at least this many events (below the horizon) leaves a snapshot for the next ones. */
      snapshotAfter?: number;
    },
  ) {
    this.snapshots = new ProjectSnapshots(deps.runner.tables, deps.release);
  }

  /**
   * null when the project is unknown, another workspace's, or did not exist
   * yet at `at`. The newest snapshot of the project at or before `at` is
   * restored first, and only the events it lacks are replayed; a replay of
   * many events leaves a snapshot of its own (below the log's horizon, where
   * nothing can still join it), committed before the rest is applied.
   */
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
    const phases = { setup: 0, restore: 0, replay: 0 };
    let mark = performance.now();
    const lap = (phase: keyof typeof phases) => {
      const now = performance.now();
      phases[phase] += now - mark;
      mark = now;
    };
    try {
      await client.connect();
      // Temporary tables of the session (this connection's alone, dropped when it closes), shadowing the live ones.
      await client.query(
        [
          'SET search_path = pg_temp, public',
          'BEGIN ISOLATION LEVEL REPEATABLE READ',
          ...this.deps.runner.tables.map(
            (table) =>
              `CREATE TEMP TABLE ${table} (LIKE public.${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
          ),
        ].join(';\n'),
      );
      lap('setup');
      const events = await this.replay(client, origin, at, lap);
      return { db: serialized(client), origin, events, phases, release };
    } catch (error) {
      await release();
      throw error;
    }
  }

  private async replay(
    client: Client,
    origin: ProjectOrigin,
    at: Date,
    lap: (phase: 'restore' | 'replay') => void,
  ): Promise<number> {
    const ids = { projectId: origin.projectId, workspaceId: origin.workspaceId };
    const {
      rows: [{ horizon }],
    } = await client.query<{ horizon: string }>('SELECT es_read_horizon()::text AS horizon');
    const base = await this.snapshots.newest(client, ids, at);
    if (base) await this.snapshots.restore(client, base);
    lap('restore');
    const streams = await projectStreamIds(client, origin, at);
    const events = await this.deps.store.readStreams(
      streams,
      {
        until: at,
        except: base ? { streamIds: base.streams, horizon: base.horizon, upto: base.upto } : undefined,
      },
      client,
    );
    // Log order is transaction order first: the events below the horizon come before the rest.
    const below = events.filter((event) => BigInt(event.transactionId) < BigInt(horizon));
    await this.deps.runner.apply(below, client);
    if (below.length >= (this.deps.snapshotAfter ?? SNAPSHOT_AFTER)) {
      await client.query('SAVEPOINT snapshot');
      try {
        await this.snapshots.capture(client, ids, { upto: at, horizon, streams }, below.length);
        await client.query('RELEASE SAVEPOINT snapshot');
      } catch {
        // A snapshot is an optimisation: without it the answer is the same.
        await client.query('ROLLBACK TO SAVEPOINT snapshot');
      }
    }
    await client.query('COMMIT');
    await this.deps.runner.apply(events.slice(below.length), client);
    lap('replay');
    return events.length;
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
