import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A log that proves itself: every event row carries `hash`, SHA-256 over a
 * canonical encoding of the event and the hash of its stream's previous event,
 * so a row changed behind the store's back (a superuser with
 * session_replication_role = replica, say) breaks its stream's chain.
 *
 * es_event_hash(p_prev bytea, p_stream_id text, p_stream_position bigint,
 *               p_type text, p_schema_version integer, p_data jsonb,
 *               p_metadata jsonb, p_recorded_at timestamptz) RETURNS bytea
 * is the one definition of the hash: es_append computes it, the backfill below
 * and `verify-log` recompute it, and a migration that rewrites es_events by
 * copy-replace must recompute the chains with it. Keep its name and signature.
 * It is
 *
 *   sha256(prev || convert_to(encoding, 'UTF8'))
 *
 * where prev is the previous event's hash (32 zero bytes at position 1) and
 * the encoding is the JSON array text
 *
 *   [stream_id, stream_position, type, schema_version, data, metadata, recorded_at_us]
 *
 * strings as JSON strings (to_json), data and metadata as jsonb's own
 * canonical text (keys sorted, no insignificant space), recorded_at as integer
 * microseconds since 1970-01-01 UTC, so it is independent of the session's time
 * zone. A JSON array parses back to exactly one list of fields: no two events
 * encode alike. plpgsql rather than SQL: an IMMUTABLE SQL function whose body
 * calls convert_to (STABLE) is not inlined, and that costs twice as much.
 *
 * es_append keeps its arguments and gains a result column, hashes (in stream
 * order), so the store returns what it stored in the same round trip. The
 * previous hash is the stream's row at position v_start, found by the unique
 * (stream_id, stream_position) index under the stream row's lock that the
 * append already takes: no global lock, chains per stream, appends to
 * different streams stay parallel.
 *
 * The hashes of the events already stored are filled in stream order. The
 * triggers refuse UPDATE to everyone, so this migration (run as the table's
 * owner, in its own transaction) disables es_events_no_update_delete for the
 * backfill's UPDATEs and enables it again before it commits: no other session
 * ever sees the trigger off (ALTER TABLE holds the table's lock until then).
 *
 * log_stream_heads and log_digests belong to the log-digest processor: per
 * workspace, the head (version, hash) of each of its streams and a Merkle root
 * over them, with the log position it covers.
 */
export class EventHashes1765094400000 implements MigrationInterface {
  name = 'EventHashes1765094400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE es_events ADD COLUMN hash bytea`);
    await q.query(`
      CREATE FUNCTION es_event_hash(p_prev bytea, p_stream_id text, p_stream_position bigint, p_type text,
                                    p_schema_version integer, p_data jsonb, p_metadata jsonb, p_recorded_at timestamptz)
      RETURNS bytea LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      BEGIN
        RETURN sha256(
          coalesce(p_prev, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
          || convert_to('[' || to_json(p_stream_id)::text || ',' || p_stream_position || ',' || to_json(p_type)::text
                        || ',' || p_schema_version || ',' || p_data::text || ',' || p_metadata::text
                        || ',' || (extract(epoch FROM p_recorded_at AT TIME ZONE 'UTC') * 1000000)::bigint || ']',
                        'UTF8'));
      END $$`);

    // The backfill: chains computed in stream order, written by UPDATEs of 10,000 rows with the trigger off.
    await q.query(`ALTER TABLE es_events DISABLE TRIGGER es_events_no_update_delete`);
    await q.query(`
      DO $$
      DECLARE
        r record;
        v_stream text;
        v_prev bytea;
        v_positions bigint[] := '{}';
        v_hashes bytea[] := '{}';
      BEGIN
        FOR r IN SELECT global_position, stream_id, stream_position, type, schema_version, data, metadata, recorded_at
                 FROM es_events ORDER BY stream_id, stream_position LOOP
          IF v_stream IS DISTINCT FROM r.stream_id THEN
            v_stream := r.stream_id;
            v_prev := NULL;
          END IF;
          v_prev := es_event_hash(v_prev, r.stream_id, r.stream_position, r.type, r.schema_version, r.data,
                                  r.metadata, r.recorded_at);
          v_positions := v_positions || r.global_position;
          v_hashes := v_hashes || v_prev;
          -- In chunks, so that a long log never holds all its hashes in memory at once.
          IF cardinality(v_positions) >= 10000 THEN
            UPDATE es_events e SET hash = b.hash
            FROM unnest(v_positions, v_hashes) AS b(global_position, hash)
            WHERE e.global_position = b.global_position;
            v_positions := '{}';
            v_hashes := '{}';
          END IF;
        END LOOP;
        UPDATE es_events e SET hash = b.hash
        FROM unnest(v_positions, v_hashes) AS b(global_position, hash)
        WHERE e.global_position = b.global_position;
      END $$`);
    await q.query(`ALTER TABLE es_events ENABLE TRIGGER es_events_no_update_delete`);
    await q.query(`ALTER TABLE es_events ALTER COLUMN hash SET NOT NULL`);

    // A new result column: CREATE OR REPLACE cannot change a function's result type.
    await q.query(`DROP FUNCTION es_append(text, text, bigint, jsonb)`);
    await q.query(`
      CREATE FUNCTION es_append(p_stream_id text, p_stream_type text, p_expected_version bigint, p_events jsonb)
      RETURNS TABLE (status text, stream_version bigint, global_positions bigint[], transaction_id xid8,
                     recorded_at timestamptz, hashes bytea[])
      LANGUAGE plpgsql AS $$
      DECLARE
        v_count integer := jsonb_array_length(p_events);
        v_start bigint;
        v_rows integer;
        v_now timestamptz := now();
        v_prev bytea;
        v_event jsonb;
        v_hashes bytea[] := '{}';
      BEGIN
        IF p_expected_version IS NULL THEN
          IF EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = (p_events->0->>'eventId')::uuid) THEN
            RETURN QUERY SELECT 'duplicate'::text, s.version, NULL::bigint[], NULL::xid8, NULL::timestamptz, NULL::bytea[]
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
            (SELECT s.version FROM es_streams s WHERE s.stream_id = p_stream_id), NULL::bigint[], NULL::xid8,
            NULL::timestamptz, NULL::bytea[];
          RETURN;
        END IF;

        -- The chain: the stream's previous head (this transaction holds the stream row, so it is settled), then each event in turn.
        IF v_start > 0 THEN
          SELECT e.hash INTO v_prev FROM es_events e WHERE e.stream_id = p_stream_id AND e.stream_position = v_start;
        END IF;
        FOR v_i IN 0 .. v_count - 1 LOOP
          v_event := p_events->v_i;
          v_prev := es_event_hash(v_prev, p_stream_id, v_start + v_i + 1, v_event->>'type',
                                  coalesce((v_event->>'schemaVersion')::integer, 1), v_event->'data',
                                  v_event->'metadata', v_now);
          v_hashes := v_hashes || v_prev;
        END LOOP;

        RETURN QUERY WITH inserted AS (
          INSERT INTO es_events (stream_id, stream_position, tenant_id, event_id, type, schema_version, data, metadata,
                                 recorded_at, hash)
          SELECT p_stream_id, v_start + e.ord, e.value->'metadata'->>'tenantId', (e.value->>'eventId')::uuid, e.value->>'type',
                 coalesce((e.value->>'schemaVersion')::integer, 1), e.value->'data', e.value->'metadata',
                 v_now, v_hashes[e.ord]
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord)
          RETURNING es_events.global_position
        )
        SELECT 'ok'::text, v_start + v_count, array_agg(i.global_position ORDER BY i.global_position),
               pg_current_xact_id(), v_now, v_hashes
        FROM inserted i;
      END $$`);

    // The log-digest processor's own tables (the default privileges give portal_app what it needs).
    await q.query(`
      CREATE TABLE log_stream_heads (
        tenant_id text NOT NULL,
        stream_id text NOT NULL,
        version bigint NOT NULL,
        hash bytea NOT NULL,
        PRIMARY KEY (tenant_id, stream_id)
      )`);
    await q.query(`
      CREATE TABLE log_digests (
        tenant_id text PRIMARY KEY,
        transaction_id xid8 NOT NULL,
        global_position bigint NOT NULL,
        root bytea NOT NULL,
        streams integer NOT NULL,
        events bigint NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE log_digests`);
    await q.query(`DROP TABLE log_stream_heads`);
    await q.query(`DROP FUNCTION es_append(text, text, bigint, jsonb)`);
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
    // Dropping a column is no UPDATE: the triggers let it pass.
    await q.query(`ALTER TABLE es_events DROP COLUMN hash`);
    await q.query(
      `DROP FUNCTION es_event_hash(bytea, text, bigint, text, integer, jsonb, jsonb, timestamptz)`,
    );
  }
}
