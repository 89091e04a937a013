import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only event store: streams (one row per stream, its version),
 * events (the log), checkpoints of async processors, and es_append(), which
 * appends a batch in one call. The service works as the role portal_app, which
 * may only INSERT and SELECT events; triggers refuse UPDATE, DELETE and
 * TRUNCATE for everyone, owner included.
 */
export class EventStore1764316800000 implements MigrationInterface {
  name = 'EventStore1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portal_app') THEN
          CREATE ROLE portal_app NOLOGIN;
        END IF;
        IF NOT pg_has_role(current_user, 'portal_app', 'MEMBER') THEN
          EXECUTE format('GRANT portal_app TO %I', current_user);
        END IF;
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO portal_app`);

    await q.query(`
      CREATE TABLE es_streams (
        stream_id text PRIMARY KEY,
        stream_type text NOT NULL,
        version bigint NOT NULL CHECK (version >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE es_events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
        CONSTRAINT es_events_event_id_key UNIQUE (event_id),
        CONSTRAINT es_events_stream_position_key UNIQUE (stream_id, stream_position)
      )`);
    await q.query(`CREATE INDEX es_events_log_order_idx ON es_events (transaction_id, global_position)`);
    // One tenant's log (a workspace's), in log order, for its members.
    await q.query(
      `CREATE INDEX es_events_tenant_log_idx ON es_events (tenant_id, transaction_id, global_position)`,
    );
    await q.query(`
      CREATE TABLE es_checkpoints (
        processor text PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT '0',
        global_position bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Where readers of the whole log stop: below every transaction still running
    // that could yet commit an event here. That is pg_snapshot_xmin of the current
    // snapshot, except that transactions known to run in another database (they
    // cannot write this table) are passed over, so that one long transaction
    // elsewhere on the server does not hold this log back. A transaction not
    // positively placed elsewhere (finished since the snapshot, prepared) still counts.
    await q.query(`
      CREATE FUNCTION es_read_horizon() RETURNS xid8 LANGUAGE sql STABLE AS $$
        WITH snapshot AS (SELECT pg_current_snapshot() AS s),
        elsewhere AS (
          SELECT a.backend_xid FROM pg_stat_activity a
          WHERE a.backend_xid IS NOT NULL
            AND a.datid IS DISTINCT FROM (SELECT oid FROM pg_database WHERE datname = current_database())
        )
        SELECT coalesce(
          (SELECT min(x) FROM snapshot, pg_snapshot_xip(snapshot.s) AS x
           WHERE xid(x) NOT IN (SELECT backend_xid FROM elsewhere)),
          (SELECT pg_snapshot_xmax(s) FROM snapshot))
      $$`);
    await q.query(`
      CREATE FUNCTION es_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'es_events is append-only: % is refused', TG_OP USING ERRCODE = 'P0403';
      END $$`);
    await q.query(`
      CREATE TRIGGER es_events_no_update_delete BEFORE UPDATE OR DELETE ON es_events
      FOR EACH STATEMENT EXECUTE FUNCTION es_refuse_change()`);
    await q.query(`
      CREATE TRIGGER es_events_no_truncate BEFORE TRUNCATE ON es_events
      FOR EACH STATEMENT EXECUTE FUNCTION es_refuse_change()`);

    // p_expected_version: NULL = any version, 0 = the stream must not exist yet,
    // n = the stream must be at version n. Status 'ok', 'duplicate' (these event
    // ids are already stored: a retried append, nothing written) or 'conflict'.
    await q.query(`
      CREATE FUNCTION es_append(p_stream_id text, p_stream_type text, p_expected_version bigint, p_events jsonb)
      RETURNS TABLE (status text, stream_version bigint, global_positions bigint[], transaction_id xid8, recorded_at timestamptz)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_count integer := jsonb_array_length(p_events);
        v_start bigint;
        v_rows integer;
      BEGIN
        IF p_expected_version IS NULL THEN
          IF EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = (p_events->0->>'eventId')::uuid) THEN
            RETURN QUERY SELECT 'duplicate'::text, s.version, NULL::bigint[], NULL::xid8, NULL::timestamptz
              FROM es_streams s WHERE s.stream_id = p_stream_id;
            RETURN;
          END IF;
          INSERT INTO es_streams AS s (stream_id, stream_type, version) VALUES (p_stream_id, p_stream_type, v_count)
          ON CONFLICT (stream_id) DO UPDATE SET version = s.version + v_count, updated_at = now()
          RETURNING s.version - v_count INTO v_start;
        ELSIF p_expected_version = 0 THEN
          INSERT INTO es_streams (stream_id, stream_type, version) VALUES (p_stream_id, p_stream_type, v_count)
          ON CONFLICT (stream_id) DO NOTHING;
          GET DIAGNOSTICS v_rows = ROW_COUNT;
          IF v_rows = 1 THEN v_start := 0; END IF;
        ELSE
          UPDATE es_streams SET version = version + v_count, updated_at = now()
          WHERE es_streams.stream_id = p_stream_id AND version = p_expected_version;
          GET DIAGNOSTICS v_rows = ROW_COUNT;
          IF v_rows = 1 THEN v_start := p_expected_version; END IF;
        END IF;

        IF v_start IS NULL THEN
          RETURN QUERY SELECT
            CASE WHEN EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = (p_events->0->>'eventId')::uuid)
              THEN 'duplicate' ELSE 'conflict' END,
            (SELECT s.version FROM es_streams s WHERE s.stream_id = p_stream_id), NULL::bigint[], NULL::xid8, NULL::timestamptz;
          RETURN;
        END IF;

        RETURN QUERY WITH inserted AS (
          INSERT INTO es_events (stream_id, stream_position, tenant_id, event_id, type, schema_version, data, metadata)
          SELECT p_stream_id, v_start + e.ord, e.value->'metadata'->>'tenantId', (e.value->>'eventId')::uuid, e.value->>'type',
                 coalesce((e.value->>'schemaVersion')::integer, 1), e.value->'data', e.value->'metadata'
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord)
          RETURNING es_events.global_position
        )
        SELECT 'ok'::text, v_start + v_count, array_agg(i.global_position ORDER BY i.global_position),
               pg_current_xact_id(), now()
        FROM inserted i;
      END $$`);

    await q.query(`REVOKE ALL ON es_events, es_streams, es_checkpoints FROM PUBLIC`);
    await q.query(`GRANT SELECT, INSERT ON es_events TO portal_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON es_streams TO portal_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON es_checkpoints TO portal_app`);
    // Read models made by later migrations are the service's to write (and, for
    // rebuild-projections, to truncate). The events table stays as granted above.
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO portal_app`,
    );
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO portal_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM portal_app`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES FROM portal_app`,
    );
    await q.query(`DROP FUNCTION es_append(text, text, bigint, jsonb)`);
    await q.query(`DROP FUNCTION es_read_horizon()`);
    await q.query(`DROP TABLE es_checkpoints`);
    // Dropping the log is the one thing down() may do to it: the triggers refuse TRUNCATE, not DROP.
    await q.query(`DROP TABLE es_events`);
    await q.query(`DROP FUNCTION es_refuse_change()`);
    await q.query(`DROP TABLE es_streams`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM portal_app`);
  }
}
