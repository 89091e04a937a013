import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member's preview of the portal as one contact sees it: a token (stored
 * hashed, 1 hour) that reads as that contact, read-only, and signs nobody in.
 */
export class PortalPreviews1764748800600 implements MigrationInterface {
  name = 'PortalPreviews1764748800600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE portal_previews (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        member_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        token_hash bytea NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        CONSTRAINT portal_previews_hash_key UNIQUE (token_hash)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE portal_previews`);
  }
}
