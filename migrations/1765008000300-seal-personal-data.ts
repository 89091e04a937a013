import { isDeepStrictEqual } from 'node:util';
import { MigrationInterface, QueryRunner } from 'typeorm';
import type { Queryable } from '../server/src/db/queryable';
import type { EventMetadata, RecordedEvent } from '../server/src/event-store/event.types';
import { PersonalData } from '../server/src/event-store/personal-data';
import { PersonalDataRegistry } from '../server/src/event-store/personal-data.registry';
import { registerClientPersonalData } from '../server/src/modules/clients/client.personal-data';
import { registerMemberPersonalData } from '../server/src/modules/members/member.personal-data';
import { registerTaskPersonalData } from '../server/src/modules/tasks/task.personal-data';

const BATCH = 2000;

/**
 * Moves the personal data already in the log under per-person keys, once,
 * by copy-and-replace: the log is copied row by row into a table of the same
 * shape, each personal value (the modules' *.personal-data.ts, and the
 * actors' names) sealed under its person's key, every other column as it was
 * (event id, stream and position, global position, transaction id, type,
 * schema version, recorded at), and the copy replaces the log.
 *
 * Why not keep the old rows and add sealed copies beside them (upcasting
 * each old event to its copy)? Because the old rows would keep the plain
 * names and emails for ever, and no erasure could then reach the people
 * recorded before this release. No old row is edited: the table that held
 * them goes as a whole (DROP is the one thing its triggers allow), before
 * the hash chain exists (the next migration makes it, over the sealed copy),
 * so no proof ever issued is broken. The copy is checked before the swap:
 * the same rows in the same places, and every sealed row opening to exactly
 * the data and metadata it replaced.
 */
export class SealPersonalData1765008000300 implements MigrationInterface {
  name = 'SealPersonalData1765008000300';

  async up(q: QueryRunner): Promise<void> {
    const db: Queryable = {
      query: async (text: any, values?: unknown[]) => {
        const sql = typeof text === 'string' ? text : text.text;
        const rows = await q.query(sql, typeof text === 'string' ? values : text.values);
        return { rows: Array.isArray(rows) ? rows : [] } as never;
      },
    };
    const personal = new PersonalData(
      registerMemberPersonalData(
        registerTaskPersonalData(registerClientPersonalData(new PersonalDataRegistry())),
      ),
    );
    await q.query(`LOCK TABLE es_events IN EXCLUSIVE MODE`);
    await q.query(`
      CREATE TABLE es_events_sealed (
        global_position bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT es_events_sealed_pkey PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id text NOT NULL,
        stream_position bigint NOT NULL CHECK (stream_position > 0),
        tenant_id text,
        event_id uuid NOT NULL,
        type text NOT NULL,
        schema_version integer NOT NULL DEFAULT 1 CHECK (schema_version > 0),
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT es_events_sealed_event_id_key UNIQUE (event_id),
        CONSTRAINT es_events_sealed_stream_position_key UNIQUE (stream_id, stream_position)
      )`);
    await q.query(`INSERT INTO es_events_sealed OVERRIDING SYSTEM VALUE
      SELECT global_position, transaction_id, stream_id, stream_position, tenant_id, event_id, type, schema_version,
             data, metadata, recorded_at
      FROM es_events ORDER BY global_position`);

    let after = 0;
    let sealedRows = 0;
    for (;;) {
      const rows: { global_position: string; type: string; data: unknown; metadata: EventMetadata }[] =
        await q.query(
          `SELECT global_position, type, data, metadata FROM es_events_sealed
           WHERE global_position > $1 ORDER BY global_position LIMIT ${BATCH}`,
          [after],
        );
      if (rows.length === 0) break;
      after = Number(rows[rows.length - 1].global_position);
      const subjects = rows.flatMap((row) => personal.subjectsOf([row], row.metadata));
      if (subjects.length === 0) continue;
      const keys = await personal.keys.forSealing(subjects, db);
      const changed = rows
        .map((row) => {
          const { stored } = personal.sealWith([row], row.metadata, keys);
          return { row, data: stored.data[0], metadata: stored.metadata };
        })
        .filter(({ row, data, metadata }) => data !== row.data || metadata !== row.metadata);
      // Each sealed copy must open to exactly what it replaces.
      const opened = await personal.open(
        changed.map(({ data, metadata }) => ({ data, metadata }) as RecordedEvent),
        db,
      );
      changed.forEach(({ row }, index) => {
        if (
          !isDeepStrictEqual(opened[index].data, row.data) ||
          !isDeepStrictEqual(opened[index].metadata, row.metadata)
        )
          throw new Error(`the sealed copy of event ${row.global_position} does not open to its original`);
      });
      if (changed.length === 0) continue;
      await q.query(
        `UPDATE es_events_sealed e SET data = c.data, metadata = c.metadata
         FROM jsonb_to_recordset($1::jsonb) AS c(global_position bigint, data jsonb, metadata jsonb)
         WHERE e.global_position = c.global_position`,
        [
          JSON.stringify(
            changed.map(({ row, data, metadata }) => ({
              global_position: row.global_position,
              data,
              metadata,
            })),
          ),
        ],
      );
      sealedRows += changed.length;
    }

    const columns = `global_position, transaction_id, stream_id, stream_position, tenant_id, event_id, type, schema_version, recorded_at`;
    const [difference] = await q.query(`
      SELECT (SELECT count(*) FROM es_events)::int AS old, (SELECT count(*) FROM es_events_sealed)::int AS copy,
             (SELECT count(*) FROM (SELECT ${columns} FROM es_events EXCEPT SELECT ${columns} FROM es_events_sealed) d)::int AS differing`);
    if (difference.old !== difference.copy || difference.differing !== 0)
      throw new Error(`the sealed copy of the log differs from it: ${JSON.stringify(difference)}`);

    await q.query(`DROP TABLE es_events`);
    await q.query(`ALTER TABLE es_events_sealed RENAME TO es_events`);
    await q.query(`ALTER TABLE es_events RENAME CONSTRAINT es_events_sealed_pkey TO es_events_pkey`);
    await q.query(
      `ALTER TABLE es_events RENAME CONSTRAINT es_events_sealed_event_id_key TO es_events_event_id_key`,
    );
    await q.query(
      `ALTER TABLE es_events RENAME CONSTRAINT es_events_sealed_stream_position_key TO es_events_stream_position_key`,
    );
    await q.query(
      `ALTER SEQUENCE es_events_sealed_global_position_seq RENAME TO es_events_global_position_seq`,
    );
    await q.query(
      `SELECT setval('es_events_global_position_seq', coalesce((SELECT max(global_position) FROM es_events), 0) + 1, false)`,
    );
    await q.query(`CREATE INDEX es_events_log_order_idx ON es_events (transaction_id, global_position)`);
    await q.query(
      `CREATE INDEX es_events_tenant_log_idx ON es_events (tenant_id, transaction_id, global_position)`,
    );
    await q.query(`
      CREATE TRIGGER es_events_no_update_delete BEFORE UPDATE OR DELETE ON es_events
      FOR EACH STATEMENT EXECUTE FUNCTION es_refuse_change()`);
    await q.query(`
      CREATE TRIGGER es_events_no_truncate BEFORE TRUNCATE ON es_events
      FOR EACH STATEMENT EXECUTE FUNCTION es_refuse_change()`);
    await q.query(`REVOKE ALL ON es_events FROM PUBLIC`);
    await q.query(`REVOKE ALL ON es_events FROM portal_app`);
    await q.query(`GRANT SELECT, INSERT ON es_events TO portal_app`);
    await q.query(`REVOKE ALL ON SEQUENCE es_events_global_position_seq FROM portal_app`);
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE es_events_global_position_seq TO portal_app`);
    if (sealedRows > 0) process.stderr.write(`sealed the personal data of ${sealedRows} events\n`);
  }

  async down(): Promise<void> {
    // Irreversible: the plain values are gone from the log (and an erased person's are gone for good).
  }
}
