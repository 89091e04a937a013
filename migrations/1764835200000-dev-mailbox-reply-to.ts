import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every email carries a Reply-To (the workspace's reply address): the dev mailbox keeps and shows it too. */
export class DevMailboxReplyTo1764835200000 implements MigrationInterface {
  name = 'DevMailboxReplyTo1764835200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dev_mailbox ADD COLUMN reply_to_address text, ADD COLUMN reply_to_name text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dev_mailbox DROP COLUMN reply_to_address, DROP COLUMN reply_to_name`);
  }
}
