import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The keys of personal data (crypto-shredding): one AES-256 key per person
 * (a contact or a member), outside the log. Events keep only ciphertext and
 * the key's id (the person's id); erasing a person sets the key to NULL, which
 * makes every value sealed under it unreadable while no event row changes.
 * pd_keys_for_sealing makes the missing keys and returns them share-locked,
 * in one round trip of the append.
 */
export class PersonalDataKeys1765008000200 implements MigrationInterface {
  name = 'PersonalDataKeys1765008000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE personal_data_keys (
        subject_id text PRIMARY KEY,
        key bytea CHECK (key IS NULL OR length(key) = 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        CHECK ((key IS NULL) = (erased_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE FUNCTION pd_keys_for_sealing(p_subjects text[], p_keys bytea[])
      RETURNS TABLE (subject_id text, key bytea) LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO personal_data_keys (subject_id, key)
        SELECT s, k FROM unnest(p_subjects, p_keys) AS u(s, k)
        ON CONFLICT ON CONSTRAINT personal_data_keys_pkey DO NOTHING;
        RETURN QUERY SELECT pk.subject_id, pk.key FROM personal_data_keys pk
          WHERE pk.subject_id = ANY(p_subjects) FOR SHARE;
      END $$`);
    await q.query(`REVOKE ALL ON personal_data_keys FROM PUBLIC`);
    await q.query(`REVOKE DELETE, TRUNCATE ON personal_data_keys FROM portal_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION pd_keys_for_sealing(text[], bytea[])`);
    await q.query(`DROP TABLE personal_data_keys`);
  }
}
