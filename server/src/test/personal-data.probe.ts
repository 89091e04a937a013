import type { TestApi } from './api.harness';

/** Where in the database (table.column) any of the needles shows, case-insensitively: every text, JSON, array and bytea column of every table. */
export async function whereFound(api: TestApi, needles: string[]): Promise<string[]> {
  const { rows: columns } = await api.db.owner.query<{ table: string; column: string }>(
    `SELECT table_name AS table, column_name AS column FROM information_schema.columns
     WHERE table_schema = 'public'
       AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED', 'bytea')
     ORDER BY table_name, column_name`,
  );
  const found: string[] = [];
  for (const { table, column } of columns) {
    const { rows } = await api.db.owner.query(
      `SELECT count(*)::int AS n FROM "${table}" t
       WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) v WHERE strpos(lower(t."${column}"::text), v) > 0)`,
      [needles.map((needle) => needle.toLowerCase())],
    );
    if (rows[0].n > 0) found.push(`${table}.${column}`);
  }
  return found;
}
