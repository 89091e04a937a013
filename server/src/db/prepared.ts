import { createHash } from 'node:crypto';
import type { QueryResult, QueryResultRow } from 'pg';
import type { Queryable } from './queryable';

const names = new Map<string, string>();

/**
 * Runs a query as a named prepared statement, named after its text, so a hot
 * read is parsed and planned once per connection rather than on every call.
 */
export function preparedQuery<R extends QueryResultRow = any>(
  db: Queryable,
  text: string,
  values: unknown[],
): Promise<QueryResult<R>> {
  let name = names.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return db.query<R>({ name, text, values });
}
