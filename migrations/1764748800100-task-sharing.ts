import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Task.sharedWithClient in the tasks read model. Tasks projected before it
 * came from events of schema version 1, which are read as shared: the
 * existing rows are shared. No default afterwards: the projection writes it.
 */
export class TaskSharing1764748800100 implements MigrationInterface {
  name = 'TaskSharing1764748800100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks ADD COLUMN shared_with_client boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE tasks ALTER COLUMN shared_with_client DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tasks DROP COLUMN shared_with_client`);
  }
}
