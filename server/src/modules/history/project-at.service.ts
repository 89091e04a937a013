import type { Client, Pool } from 'pg';
import type { MemberViewer } from '../../auth/viewer';
import type { Queryable } from '../../db/queryable';
import type { EventStore } from '../../event-store/event-store';
import type { InlineProjectionRunner } from '../../projections/inline-projection';
import { projectStreamId, type ProjectCreated } from '../projects/project.events';
import { isUuid } from '../shared/validation';
import { projectStreamIds, type ProjectOrigin } from './project-history.streams';
import { HistorySessions, type HistorySession } from './project-history.sessions';
import { ProjectSnapshots, type SnapshotCut } from './project-snapshot.store';

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
  /** Where the replay started: a kept session holding the snapshot, a snapshot restored, or the log's start. */
  from: 'session' | 'snapshot' | 'log';
  /** Where the time went, in ms: the connection and its temporary tables, the snapshot's restore, the replay. */
  phases: { setup: number; restore: number; streams: number; read: number; replay: number };
  release(): Promise<void>;
}

/**
 * projectAt: the read models as they stood at an instant, rebuilt from the log
 * by the inline projections themselves (the same runner the appends and
 * rebuild-projections use), into temporary tables that shadow the live ones on
 * a connection of the request's own. The same read code then answers from them.
 *
 * The connection is not the pool's (project-history.sessions.ts): a named
 * prepared statement cached on a pooled connection points at the public
 * tables, and would read the present.
 */
export class ProjectAtService {
  private readonly snapshots: ProjectSnapshots;
  private readonly sessions: HistorySessions;

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
    // Kept idle for 15 s at most: what a session holds is opened personal data, which an erasure deletes
    // from the snapshots; a session that held it lets it go within those seconds.
    this.sessions = new HistorySessions({
      connection: deps.pool.options,
      tables: deps.runner.tables,
      idleMs: 15_000,
    });
  }

  /**
   * null when the project is unknown, another workspace's, or did not exist
   * yet at `at`. The newest snapshot of the project at or before `at` is the
   * start: a kept session that holds it already needs nothing restored, any
   * other restores it (inside PostgreSQL). The events it lacks are replayed in
   * a transaction that the release rolls back, so the session holds the
   * snapshot again for the next request. A replay of many events below the
   * log's horizon (where nothing can still join it) is committed as a new
   * snapshot first, which the session then holds.
   */
  async open(viewer: MemberViewer, projectId: string, at: Date): Promise<ProjectPast | null> {
    if (!isUuid(projectId) || Number.isNaN(at.getTime())) return null;
    const origin = await this.originOf(viewer, projectId, at);
    if (!origin) return null;
    const ids = { projectId: origin.projectId, workspaceId: origin.workspaceId };
    const phases = { setup: 0, restore: 0, streams: 0, read: 0, replay: 0 };
    let mark = performance.now();
    const lap = (phase: keyof typeof phases) => {
      const now = performance.now();
      phases[phase] += now - mark;
      mark = now;
    };
    const base = await this.snapshots.newest(this.deps.pool, ids, at);
    const session = await this.sessions.acquire(base?.id ?? '');
    const { client } = session;
    let released = false;
    const release = async (clean = true) => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      const rolledBack = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      await this.sessions.release(session, clean && rolledBack);
    };
    const timer = setTimeout(() => void release(false), SAFETY_TIMEOUT_MS);
    timer.unref();
    try {
      lap('setup');
      const from = base && session.holds === base.id ? 'session' : base ? 'snapshot' : 'log';
      if (session.holds !== (base?.id ?? '')) {
        session.holds = '-'; // neither empty nor a snapshot until the restore is done
        await client.query(
          `TRUNCATE ${this.deps.runner.tables.map((table) => `pg_temp.${table}`).join(', ')}`,
        );
        if (base) await this.snapshots.restore(client, base);
        await this.analyze(session);
        session.holds = base?.id ?? '';
      }
      lap('restore');
      const events = await this.replay(session, ids, origin, at, base, lap);
      lap('replay');
      return { db: serialized(client), origin, events, from, phases, release: () => release() };
    } catch (error) {
      await release(false);
      throw error;
    }
  }

  private async replay(
    session: HistorySession,
    ids: { projectId: string; workspaceId: string },
    origin: ProjectOrigin,
    at: Date,
    base: SnapshotCut | null,
    lap: (phase: 'streams' | 'read') => void,
  ): Promise<number> {
    const { client } = session;
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const {
      rows: [{ horizon }],
    } = await client.query<{ horizon: string }>('SELECT es_read_horizon()::text AS horizon');
    const streams = await projectStreamIds(client, origin, at);
    lap('streams');
    const events = await this.deps.store.readStreams(
      streams,
      {
        until: at,
        except: base ? { streamIds: base.streams, horizon: base.horizon, upto: base.upto } : undefined,
      },
      client,
    );
    lap('read');
    // Log order is transaction order first: the events below the horizon come before the rest.
    const below = events.filter((event) => BigInt(event.transactionId) < BigInt(horizon));
    if (below.length < (this.deps.snapshotAfter ?? SNAPSHOT_AFTER)) {
      await this.deps.runner.apply(events, client);
      return events.length;
    }
    await this.deps.runner.apply(below, client);
    session.holds = '-';
    const captured = await this.snapshots.capture(client, ids, { upto: at, horizon, streams }, below.length);
    await client.query('COMMIT');
    await this.analyze(session);
    session.holds = captured;
    await client.query('BEGIN');
    await this.deps.runner.apply(events.slice(below.length), client);
    return events.length;
  }

  /** Statistics of what the temporary tables now hold: without them the planner reads them as empty. */
  private async analyze(session: HistorySession): Promise<void> {
    await session.client.query(
      `ANALYZE ${this.deps.runner.tables.map((table) => `pg_temp.${table}`).join(', ')}`,
    );
  }

  /** The kept sessions' connections end (the process stops). */
  close(): Promise<void> {
    return this.sessions.close();
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
