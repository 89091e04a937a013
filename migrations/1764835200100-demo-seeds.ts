import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * npm start's demo workspace, seeded to the end: a row once the last step has
 * run. A workspace without it was interrupted while seeding, and the next
 * start finishes it (server/src/start/demo-seed.ts).
 */
export class DemoSeeds1764835200100 implements MigrationInterface {
  name = 'DemoSeeds1764835200100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE demo_seeds (slug text PRIMARY KEY, completed_at timestamptz NOT NULL)`);
    await q.query(`GRANT SELECT, INSERT ON demo_seeds TO portal_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE demo_seeds`);
  }
}
