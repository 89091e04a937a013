import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group commit: es_commands runs several commands (or raw appends) in one
 * statement, so in one round trip and one transaction, one commit for all.
 * Item i has es_command's arguments (migrations/1765267200000-es-command.ts):
 * p_stream_ids[i], p_stream_types[i], p_expected_versions[i] (NULL: any
 * version), p_events->(i-1) (its events, a JSON array), p_key_subjects->(i-1)
 * (a JSON array of the subjects it sealed with from memory) and
 * p_projections[i] (its inline projections' statements, '' for none); p_token
 * is the placeholders' prefix, the process's own and so the same for all.
 *
 * Each item is decided and appended exactly as es_command would, in the order
 * given, and an item sees the items before it (a stream's version, its last
 * hash, an event id already taken). What differs is how the events reach
 * es_events: they are kept in arrays and inserted together by one INSERT
 * (es_insert_events), before the next item's projections run (a projection
 * runs after its own events are in the log, as in es_command) and at the end.
 * One call of es_command per item cost about a third more: a statement to
 * start per item for the call, one for its INSERT and one for its answer.
 * The hashes are es_event_hash's, the one definition of them.
 *
 * One row per item, `ord` its 1-based place. A conflict, a duplicate or a
 * missing key is that item's answer alone, decided before it writes anything,
 * so the other items go on. An error in any item (a projection's statement, a
 * unique event id raced, a deadlock) fails the whole statement and undoes
 * every item: the caller then sends each alone. The caller orders the items by
 * stream (a stream's own in the order they came), so that two batches take the
 * streams' row locks in the same order.
 */
export class EsCommands1765353600000 implements MigrationInterface {
  name = 'EsCommands1765353600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION es_insert_events(p_streams text[], p_positions bigint[], p_events jsonb[], p_hashes bytea[],
                                       p_recorded_at timestamptz)
      RETURNS bigint[] LANGUAGE sql AS $$
        WITH inserted AS (
          INSERT INTO es_events (stream_id, stream_position, tenant_id, event_id, type, schema_version, data, metadata,
                                 recorded_at, hash)
          SELECT u.s, u.p, u.e->'metadata'->>'tenantId', (u.e->>'eventId')::uuid, u.e->>'type',
                 coalesce((u.e->>'schemaVersion')::integer, 1), u.e->'data', u.e->'metadata', p_recorded_at, u.h
          FROM unnest(p_streams, p_positions, p_events, p_hashes) WITH ORDINALITY AS u(s, p, e, h, j)
          ORDER BY u.j
          RETURNING es_events.global_position
        )
        SELECT coalesce(array_agg(i.global_position ORDER BY i.global_position), '{}') FROM inserted i
      $$`);
    await q.query(`
      CREATE FUNCTION es_commands(p_stream_ids text[], p_stream_types text[], p_expected_versions bigint[],
                                  p_events jsonb, p_key_subjects jsonb, p_token text, p_projections text[])
      RETURNS TABLE (ord integer, status text, stream_version bigint, global_positions bigint[],
                     transaction_id xid8, recorded_at timestamptz, hashes bytea[])
      LANGUAGE plpgsql AS $$
      DECLARE
        v_n integer := cardinality(p_stream_ids);
        v_now timestamptz := now();
        v_xid xid8 := pg_current_xact_id();
        -- Each item's answer.
        v_status text[] := array_fill(NULL::text, ARRAY[v_n]);
        v_version bigint[] := array_fill(NULL::bigint, ARRAY[v_n]);
        v_first integer[] := array_fill(NULL::integer, ARRAY[v_n]);
        v_count integer[] := array_fill(0, ARRAY[v_n]);
        -- The events appended, in order, not yet inserted from v_flushed + 1 on.
        e_stream text[] := '{}';
        e_position bigint[] := '{}';
        e_event jsonb[] := '{}';
        e_id uuid[] := '{}';
        e_hash bytea[] := '{}';
        e_global bigint[] := '{}';
        v_flushed integer := 0;
        v_events jsonb;
        v_event jsonb;
        v_c integer;
        v_ev bigint;
        v_stream text;
        v_start bigint;
        v_rows integer;
        v_prev bytea;
        v_subjects text[];
        v_keys integer;
        v_sql text;
        v_id uuid;
      BEGIN
        FOR v_i IN 1 .. v_n LOOP
          v_stream := p_stream_ids[v_i];
          v_ev := p_expected_versions[v_i];
          v_events := p_events->(v_i - 1);
          v_c := jsonb_array_length(v_events);
          v_start := NULL;

          IF jsonb_array_length(p_key_subjects->(v_i - 1)) > 0 THEN
            v_subjects := ARRAY(SELECT jsonb_array_elements_text(p_key_subjects->(v_i - 1)));
            SELECT count(*) INTO v_keys FROM (
              SELECT 1 FROM personal_data_keys pk WHERE pk.subject_id = ANY(v_subjects) AND pk.key IS NOT NULL FOR SHARE
            ) k;
            IF v_keys < cardinality(v_subjects) THEN
              v_status[v_i] := 'keys';
              CONTINUE;
            END IF;
          END IF;

          v_id := (v_events->0->>'eventId')::uuid;
          IF v_ev IS NULL THEN
            IF v_id = ANY(e_id) OR EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = v_id) THEN
              v_status[v_i] := 'duplicate';
              v_version[v_i] := (SELECT s.version FROM es_streams s WHERE s.stream_id = v_stream);
              CONTINUE;
            END IF;
            INSERT INTO es_streams AS s (stream_id, stream_type, version) VALUES (v_stream, p_stream_types[v_i], v_c)
            ON CONFLICT (stream_id) DO UPDATE SET version = s.version + v_c, updated_at = now()
            RETURNING s.version - v_c INTO v_start;
          ELSIF v_ev = 0 THEN
            INSERT INTO es_streams (stream_id, stream_type, version) VALUES (v_stream, p_stream_types[v_i], v_c)
            ON CONFLICT (stream_id) DO NOTHING;
            GET DIAGNOSTICS v_rows = ROW_COUNT;
            IF v_rows = 1 THEN v_start := 0; END IF;
          ELSE
            UPDATE es_streams SET version = version + v_c, updated_at = now()
            WHERE es_streams.stream_id = v_stream AND version = v_ev;
            GET DIAGNOSTICS v_rows = ROW_COUNT;
            IF v_rows = 1 THEN v_start := v_ev; END IF;
          END IF;

          IF v_start IS NULL THEN
            v_status[v_i] := CASE WHEN v_id = ANY(e_id) OR EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = v_id)
                                  THEN 'duplicate' ELSE 'conflict' END;
            v_version[v_i] := (SELECT s.version FROM es_streams s WHERE s.stream_id = v_stream);
            CONTINUE;
          END IF;

          -- The previous hash: this batch's own event when the stream's last came in it, else the stored one.
          v_prev := NULL;
          IF v_start > 0 THEN
            FOR v_j IN REVERSE cardinality(e_stream) .. 1 LOOP
              IF e_stream[v_j] = v_stream THEN v_prev := e_hash[v_j]; EXIT; END IF;
            END LOOP;
            IF v_prev IS NULL THEN
              SELECT e.hash INTO v_prev FROM es_events e WHERE e.stream_id = v_stream AND e.stream_position = v_start;
            END IF;
          END IF;
          v_first[v_i] := cardinality(e_stream) + 1;
          v_count[v_i] := v_c;
          FOR v_k IN 0 .. v_c - 1 LOOP
            v_event := v_events->v_k;
            v_prev := es_event_hash(v_prev, v_stream, v_start + v_k + 1, v_event->>'type',
                                    coalesce((v_event->>'schemaVersion')::integer, 1), v_event->'data',
                                    v_event->'metadata', v_now);
            e_stream := array_append(e_stream, v_stream);
            e_position := array_append(e_position, v_start + v_k + 1);
            e_event := array_append(e_event, v_event);
            e_id := array_append(e_id, (v_event->>'eventId')::uuid);
            e_hash := array_append(e_hash, v_prev);
          END LOOP;
          v_status[v_i] := 'ok';
          v_version[v_i] := v_start + v_c;

          -- A projection runs after its own events are in the log, as es_command runs it: what is pending goes in first.
          v_sql := p_projections[v_i];
          IF coalesce(v_sql, '') <> '' THEN
            IF cardinality(e_stream) > v_flushed THEN
              e_global := e_global || es_insert_events(e_stream[v_flushed + 1 :], e_position[v_flushed + 1 :],
                                                       e_event[v_flushed + 1 :], e_hash[v_flushed + 1 :], v_now);
              v_flushed := cardinality(e_stream);
            END IF;
            IF strpos(v_sql, p_token) > 0 THEN
              v_sql := replace(v_sql, p_token || 'x_', v_xid::text);
              v_sql := replace(v_sql, p_token || 't_',
                               to_char(date_trunc('milliseconds', v_now) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
              FOR v_k IN REVERSE v_c .. 1 LOOP
                v_sql := replace(v_sql, p_token || 'g' || v_k || '_', e_global[v_first[v_i] + v_k - 1]::text);
                v_sql := replace(v_sql, p_token || 'h' || v_k || '_', encode(e_hash[v_first[v_i] + v_k - 1], 'hex'));
              END LOOP;
            END IF;
            EXECUTE v_sql;
          END IF;
        END LOOP;

        IF cardinality(e_stream) > v_flushed THEN
          e_global := e_global || es_insert_events(e_stream[v_flushed + 1 :], e_position[v_flushed + 1 :],
                                                   e_event[v_flushed + 1 :], e_hash[v_flushed + 1 :], v_now);
        END IF;

        RETURN QUERY
          SELECT i, v_status[i], v_version[i],
                 CASE WHEN v_status[i] = 'ok' THEN e_global[v_first[i] : v_first[i] + v_count[i] - 1] END,
                 CASE WHEN v_status[i] = 'ok' THEN v_xid END,
                 CASE WHEN v_status[i] = 'ok' THEN v_now END,
                 CASE WHEN v_status[i] = 'ok' THEN e_hash[v_first[i] : v_first[i] + v_count[i] - 1] END
          FROM generate_series(1, v_n) i;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION es_commands(text[], text[], bigint[], jsonb, jsonb, text, text[])`);
    await q.query(`DROP FUNCTION es_insert_events(text[], bigint[], jsonb[], bytea[], timestamptz)`);
  }
}
