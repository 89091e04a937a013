import type { QueryResult, QueryResultRow } from 'pg';

/** A pool or one checked-out client: anything that runs a query. */
export interface Queryable {
  query<R extends QueryResultRow = any>(
    text: string | { name?: string; text: string; values?: unknown[] },
    values?: unknown[],
  ): Promise<QueryResult<R>>;
}
