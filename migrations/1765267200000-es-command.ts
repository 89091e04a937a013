import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A command in one statement: es_command appends a batch exactly as
 * es_append does (the expected-version check, the hash chain, now() as the
 * time), and then, only when the append took place, runs the inline
 * projections' statements (p_projection, several statements with their values
 * written in) in the same statement, so in the same transaction: one round
 * trip instead of BEGIN, the append, each projection statement and COMMIT.
 *
 * The projections' statements were written before the append gave the
 * events their global positions, hashes, transaction id and time: they carry
 * placeholders for them, each starting with p_token (random, the caller's),
 * which are replaced here before they run:
 *   <token>g<i>_  the i-th event's global position (1-based)
 *   <token>h<i>_  the i-th event's hash, hex
 *   <token>x_     the transaction id
 *   <token>t_     the time, to the millisecond as JavaScript reads it back
 *                 (ISO 8601, UTC): what a projection of the same events on
 *                 replay is given, so a rebuild writes the same rows.
 *
 * p_key_subjects: the subjects whose personal-data keys the caller sealed
 * with from memory. They are share-locked here, as pd_keys_for_sealing does,
 * until the statement's transaction ends; if one of them has no key any more
 * (erased since), nothing is appended and the status is 'keys': the caller
 * seals again from the database.
 *
 * A conflict or a duplicate is answered as es_append answers it, without
 * running the projections; an error in a projection's statement undoes the
 * append with it, as the whole statement fails.
 */
export class EsCommand1765267200000 implements MigrationInterface {
  name = 'EsCommand1765267200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION es_command(p_stream_id text, p_stream_type text, p_expected_version bigint, p_events jsonb,
                                 p_key_subjects text[], p_token text, p_projection text)
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
        v_positions bigint[];
        v_xid xid8 := pg_current_xact_id();
        v_keys integer;
        v_sql text := p_projection;
      BEGIN
        IF cardinality(p_key_subjects) > 0 THEN
          SELECT count(*) INTO v_keys FROM (
            SELECT 1 FROM personal_data_keys pk
            WHERE pk.subject_id = ANY(p_key_subjects) AND pk.key IS NOT NULL FOR SHARE
          ) k;
          IF v_keys < cardinality(p_key_subjects) THEN
            RETURN QUERY SELECT 'keys'::text, NULL::bigint, NULL::bigint[], NULL::xid8, NULL::timestamptz, NULL::bytea[];
            RETURN;
          END IF;
        END IF;

        -- From here to the insert, es_append's own body (migrations/1765094400000-event-hashes.ts), written
        -- out rather than called: a call of a set-returning PL/pgSQL function from another costs a tenth of the append.
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

        WITH inserted AS (
          INSERT INTO es_events (stream_id, stream_position, tenant_id, event_id, type, schema_version, data, metadata,
                                 recorded_at, hash)
          SELECT p_stream_id, v_start + e.ord, e.value->'metadata'->>'tenantId', (e.value->>'eventId')::uuid, e.value->>'type',
                 coalesce((e.value->>'schemaVersion')::integer, 1), e.value->'data', e.value->'metadata',
                 v_now, v_hashes[e.ord]
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(value, ord)
          RETURNING es_events.global_position
        )
        SELECT array_agg(i.global_position ORDER BY i.global_position) INTO v_positions FROM inserted i;

        IF coalesce(v_sql, '') <> '' THEN
          IF strpos(v_sql, p_token) > 0 THEN
            v_sql := replace(v_sql, p_token || 'x_', v_xid::text);
            v_sql := replace(v_sql, p_token || 't_',
                             to_char(date_trunc('milliseconds', v_now) AT TIME ZONE 'UTC',
                                     'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
            FOR v_i IN REVERSE v_count .. 1 LOOP
              v_sql := replace(v_sql, p_token || 'g' || v_i || '_', v_positions[v_i]::text);
              v_sql := replace(v_sql, p_token || 'h' || v_i || '_', encode(v_hashes[v_i], 'hex'));
            END LOOP;
          END IF;
          EXECUTE v_sql;
        END IF;

        RETURN QUERY SELECT 'ok'::text, v_start + v_count, v_positions, v_xid, v_now, v_hashes;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION es_command(text, text, bigint, jsonb, text[], text, text)`);
  }
}
