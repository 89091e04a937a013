import { createHash } from 'node:crypto';
import type { FieldDef, QueryResult, QueryResultRow } from 'pg';
import type { Queryable } from './queryable';

/** PostgreSQL type ids whose JSON form reads back as exactly what pg's own parser gives (see `fromJson`). */
const TIMESTAMPTZ = 1184;
const INT8 = 20;
const SAME_IN_JSON = new Set([
  16, // bool
  21, // int2
  23, // int4
  25, // text
  114, // json
  701, // float8
  1043, // varchar
  2950, // uuid
  3802, // jsonb
  1009, // text[]
  2951, // uuid[]
]);

interface Shape {
  /** Whether every column reads back from JSON as pg gives it. */
  batchable: boolean;
  /** The columns read back from JSON that must be converted: timestamptz into a Date, int8 into its decimal string. */
  dates: string[];
  int8s: string[];
}

interface Waiting {
  text: string;
  values: unknown[];
  shape: Shape;
  resolve(result: QueryResult<any>): void;
  reject(error: unknown): void;
}

/** A statement's own text, named as preparedQuery names it: each text is parsed and planned once per connection. */
const statementNames = new Map<string, string>();
const nameOf = (text: string) => {
  let name = statementNames.get(text);
  if (!name) {
    name = `q_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
};

/** A text that can be renumbered safely: no string literal or dollar quote holds a `$`. */
const renumberable = (text: string) =>
  !text.includes('$$') && (text.match(/'(?:[^']|'')*'/g) ?? []).every((literal) => !literal.includes('$'));

/**
 * The reads of one request in as few statements as it can: the queries
 * asked in the same turn of the event loop (the loaders of a level of the
 * answer: a project's documents, invoices, tasks and timeline) go to
 * PostgreSQL as one statement, each as a subquery whose rows PostgreSQL
 * aggregates as JSON, and each caller gets its own rows back, as pg would
 * have given them. A query is sent alone the first time its text is seen,
 * to learn its columns' types; it joins a batch only if each of them reads
 * back from JSON exactly (text, uuid, bool, int4, float8, json, text
 * arrays; timestamptz read back into the same Date; int8 into its decimal
 * string while it is a safe integer, else the query runs again alone). A
 * batch that fails runs its queries one by one, so each caller gets its own
 * answer or error. Rows keep their order: each subquery's ORDER BY feeds
 * json_agg directly.
 */
export class StatementBatcher implements Queryable {
  private readonly waiting: Waiting[] = [];
  private scheduled = false;
  /** Statements sent, alone or as a batch (for tests and the bench). */
  statements = 0;

  constructor(
    private readonly db: Queryable,
    private readonly shapes: Map<string, Shape> = SHAPES,
  ) {}

  query<R extends QueryResultRow = any>(
    textOrConfig: string | { name?: string; text: string; values?: unknown[] },
    maybeValues?: unknown[],
  ): Promise<QueryResult<R>> {
    const text = typeof textOrConfig === 'string' ? textOrConfig : textOrConfig.text;
    const values =
      (typeof textOrConfig === 'string' ? maybeValues : textOrConfig.values) ?? maybeValues ?? [];
    const shape = this.shapes.get(text);
    if (!shape) return this.alone<R>(text, values, true);
    if (!shape.batchable) return this.alone<R>(text, values, false);
    return new Promise<QueryResult<R>>((resolve, reject) => {
      this.waiting.push({ text, values, shape, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private async alone<R extends QueryResultRow>(
    text: string,
    values: unknown[],
    learn: boolean,
  ): Promise<QueryResult<R>> {
    this.statements++;
    const result = await this.db.query<R>({ name: nameOf(text), text, values });
    if (learn && !this.shapes.has(text)) this.shapes.set(text, shapeOf(text, result.fields));
    return result;
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.waiting.splice(0);
    if (batch.length === 1) {
      const [only] = batch;
      this.alone(only.text, only.values, false).then(only.resolve, only.reject);
      return;
    }
    void this.send(batch);
  }

  private async send(batch: Waiting[]): Promise<void> {
    const values: unknown[] = [];
    const parts = batch.map((query, index) => {
      const offset = values.length;
      values.push(...query.values);
      const renumbered = query.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
      return `(SELECT coalesce(json_agg(r), '[]') FROM (${renumbered}) r) AS r${index}`;
    });
    let row: Record<string, unknown[]>;
    try {
      this.statements++;
      const text = `SELECT ${parts.join(', ')}`;
      row = (await this.db.query({ name: nameOf(text), text, values })).rows[0];
    } catch {
      for (const query of batch)
        this.alone(query.text, query.values, false).then(query.resolve, query.reject);
      return;
    }
    batch.forEach((query, index) => {
      const rows = fromJson(row[`r${index}`] as Record<string, unknown>[], query.shape);
      if (rows) query.resolve({ rows, rowCount: rows.length, command: 'SELECT', oid: 0, fields: [] });
      else this.alone(query.text, query.values, false).then(query.resolve, query.reject);
    });
  }
}

/** The shapes learned by every batcher of this process, by statement text. */
const SHAPES = new Map<string, Shape>();

function shapeOf(text: string, fields: FieldDef[]): Shape {
  const dates = fields.filter((field) => field.dataTypeID === TIMESTAMPTZ).map((field) => field.name);
  const int8s = fields.filter((field) => field.dataTypeID === INT8).map((field) => field.name);
  const names = new Set(fields.map((field) => field.name));
  const batchable =
    renumberable(text) &&
    /^\s*(SELECT|WITH)\b/i.test(text) &&
    names.size === fields.length &&
    fields.every(
      (field) =>
        SAME_IN_JSON.has(field.dataTypeID) || field.dataTypeID === TIMESTAMPTZ || field.dataTypeID === INT8,
    );
  return { batchable, dates, int8s };
}

/** The rows as pg would have parsed them, or null when one can't be read back exactly (an int8 past 2^53). */
function fromJson(rows: Record<string, unknown>[], shape: Shape): Record<string, unknown>[] | null {
  for (const row of rows) {
    for (const name of shape.dates) {
      const value = row[name];
      if (typeof value === 'string') row[name] = new Date(value);
    }
    for (const name of shape.int8s) {
      const value = row[name];
      if (typeof value !== 'number') continue;
      if (!Number.isSafeInteger(value)) return null;
      row[name] = String(value);
    }
  }
  return rows;
}
