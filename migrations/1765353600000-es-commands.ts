import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group commit: es_commands runs several commands (or raw appends) in one
 * statement, so in one round trip and one transaction, one commit for all.
 * Each item is es_command's (migrations/1765267200000-es-command.ts) with its
 * own arguments, in the order given: item i is p_stream_ids[i],
 * p_stream_types[i], p_expected_versions[i] (NULL: any version),
 * p_events->(i-1) (its events, a JSON array), p_key_subjects->(i-1) (a JSON
 * array of the subjects it sealed with from memory) and p_projections[i]
 * (its inline projections' statements, '' for none); p_token is the
 * placeholders' prefix, the process's own and so the same for all.
 *
 * One row per item, `ord` its 1-based place. A conflict, a duplicate or a
 * missing key is that item's answer alone: es_command decides them before
 * writing anything, so the other items go on. An error in any item (a
 * projection's statement, a unique event id raced, a deadlock) fails the
 * whole statement and undoes every item: the caller then sends each alone.
 * The caller orders the items by stream (a stream's own in the order they
 * came), so that two batches take the streams' row locks in the same order.
 */
export class EsCommands1765353600000 implements MigrationInterface {
  name = 'EsCommands1765353600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION es_commands(p_stream_ids text[], p_stream_types text[], p_expected_versions bigint[],
                                  p_events jsonb, p_key_subjects jsonb, p_token text, p_projections text[])
      RETURNS TABLE (ord integer, status text, stream_version bigint, global_positions bigint[],
                     transaction_id xid8, recorded_at timestamptz, hashes bytea[])
      LANGUAGE plpgsql AS $$
      DECLARE
        v_subjects text[];
      BEGIN
        FOR v_i IN 1 .. cardinality(p_stream_ids) LOOP
          v_subjects := CASE WHEN jsonb_array_length(p_key_subjects->(v_i - 1)) = 0 THEN '{}'::text[]
                             ELSE ARRAY(SELECT jsonb_array_elements_text(p_key_subjects->(v_i - 1))) END;
          RETURN QUERY SELECT v_i, c.* FROM es_command(p_stream_ids[v_i], p_stream_types[v_i],
                                                       p_expected_versions[v_i], p_events->(v_i - 1),
                                                       v_subjects, p_token, p_projections[v_i]) c;
        END LOOP;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION es_commands(text[], text[], bigint[], jsonb, jsonb, text, text[])`);
  }
}
