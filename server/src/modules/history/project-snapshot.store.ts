import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/queryable';

/** A snapshot's place: the project's streams' events below `horizon` and recorded by `upto`. */
export interface SnapshotCut {
  id: string;
  upto: Date;
  horizon: string;
  streams: string[];
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

function checked(tables: readonly string[]): readonly string[] {
  const bad = tables.find((table) => !TABLE_NAME.test(table));
  if (bad) throw new Error(`read-model table name ${JSON.stringify(bad)} is not a plain identifier`);
  return tables;
}

/**
 * projectAt's snapshots (project_snapshots): the read-model rows of one
 * project's replay, kept as JSON per table, restored and captured inside the
 * database (the rows never travel through Node). The build names the read
 * models' shape (their columns) and the release: a snapshot of another shape
 * is never restored.
 */
export class ProjectSnapshots {
  private build: Promise<string> | null = null;

  constructor(
    private readonly tables: readonly string[],
    private readonly release: string,
  ) {
    checked(tables);
  }

  buildOf(db: Queryable): Promise<string> {
    this.build ??= db
      .query<{ shape: string }>(
        `SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ',' ORDER BY table_name, ordinal_position) AS shape
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1::text[])`,
        [this.tables],
      )
      .then(({ rows }) => createHash('sha256').update(`${this.release}\n${rows[0].shape}`).digest('hex'))
      .catch((error) => {
        this.build = null;
        throw error;
      });
    return this.build;
  }

  /** The newest snapshot of the project at or before `at`, of this build. */
  async newest(
    db: Queryable,
    ids: { projectId: string; workspaceId: string },
    at: Date,
  ): Promise<SnapshotCut | null> {
    const { rows } = await db.query(
      `SELECT id::text, upto, horizon::text, streams FROM project_snapshots
       WHERE project_id = $1 AND workspace_id = $2 AND build = $3 AND upto <= $4
       ORDER BY upto DESC, id DESC LIMIT 1`,
      [ids.projectId, ids.workspaceId, await this.buildOf(db), at],
    );
    return rows[0] ?? null;
  }

  /** Fills the (empty, temporary) read-model tables from the snapshot, inside the database. */
  async restore(db: Queryable, snapshot: SnapshotCut): Promise<void> {
    const id = BigInt(snapshot.id).toString();
    await db.query(
      this.tables
        .map(
          (table) =>
            `INSERT INTO pg_temp.${table} SELECT * FROM jsonb_populate_recordset(NULL::pg_temp.${table},
               (SELECT coalesce(state->'${table}', '[]') FROM public.project_snapshots WHERE id = ${id}))`,
        )
        .join(';\n'),
    );
  }

  /** Keeps what the temporary tables hold now as the project's snapshot at this cut (its id); the newest three are kept. */
  async capture(
    db: Queryable,
    ids: { projectId: string; workspaceId: string },
    cut: Omit<SnapshotCut, 'id'>,
    events: number,
  ): Promise<string> {
    const state = this.tables
      .map((table) => `'${table}', (SELECT coalesce(jsonb_agg(t), '[]') FROM pg_temp.${table} t)`)
      .join(', ');
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO public.project_snapshots (project_id, workspace_id, upto, horizon, build, streams, events, state)
       VALUES ($1, $2, $3, $4::xid8, $5, $6::text[], $7, jsonb_build_object(${state}))
       RETURNING id::text`,
      [ids.projectId, ids.workspaceId, cut.upto, cut.horizon, await this.buildOf(db), cut.streams, events],
    );
    await db.query(
      `DELETE FROM public.project_snapshots WHERE project_id = $1 AND id NOT IN
         (SELECT id FROM public.project_snapshots WHERE project_id = $1 ORDER BY upto DESC, id DESC LIMIT 3)`,
      [ids.projectId],
    );
    return rows[0].id;
  }
}

/** A workspace's snapshots go (an erasure: they hold the opened names of the people it forgets). */
export async function forgetProjectSnapshots(db: Queryable, workspaceId: string): Promise<void> {
  await db.query('DELETE FROM project_snapshots WHERE workspace_id = $1', [workspaceId]);
}

/** Every snapshot goes (rebuild-projections: the projections' rules may have changed). */
export async function forgetAllProjectSnapshots(db: Queryable): Promise<void> {
  await db.query('DELETE FROM project_snapshots');
}
