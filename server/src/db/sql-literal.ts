import { escapeLiteral } from 'pg';

// node-postgres's own conversion of a parameter to its text (dates, arrays, JSON, buffers), so that a
// value written into a statement reads exactly as it would as a bound parameter.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as {
  prepareValue(value: unknown): string | Buffer | null;
};

/** A statement as a projection hands it to `db.query`. */
export interface Statement {
  text: string;
  values: readonly unknown[];
}

/**
 * A parameter as an SQL literal: NULL, or the text node-postgres would send,
 * quoted. An untyped literal is resolved from its context as an untyped
 * parameter is, so `$1::jsonb`, `= ANY($2)` and a bare `$3` into a column
 * mean what they meant. `substitute` may swap a value for another first
 * (in arrays too): how a placeholder reaches the text.
 */
export function sqlLiteral(value: unknown, substitute: (value: unknown) => unknown = (v) => v): string {
  const prepared = prepareValue(deepSubstitute(value, substitute));
  if (prepared === null) return 'NULL';
  if (Buffer.isBuffer(prepared)) return `${escapeLiteral(`\\x${prepared.toString('hex')}`)}::bytea`;
  return escapeLiteral(prepared);
}

function deepSubstitute(value: unknown, substitute: (value: unknown) => unknown): unknown {
  const swapped = substitute(value);
  if (swapped !== value || !Array.isArray(value)) return swapped;
  return value.map((item) => deepSubstitute(item, substitute));
}

/**
 * The statement with its `$n` parameters written in as literals: a statement
 * that can run inside another (EXECUTE) or beside others in one string. Only
 * for our own statements: a `$n` inside a quoted string of the text would be
 * replaced too, and no projection writes one.
 */
export function inlineStatement(statement: Statement, substitute?: (value: unknown) => unknown): string {
  return inlineLiterals(
    statement.text,
    statement.values.map((value) => sqlLiteral(value, substitute)),
  );
}

/** A statement's text with its `$n` replaced by literals already made (sqlLiteral). */
export function inlineLiterals(text: string, literals: readonly string[]): string {
  return text.replace(/\$(\d+)/g, (whole, index: string) => {
    const literal = literals[Number(index) - 1];
    if (literal === undefined) throw new Error(`no value for ${whole} in: ${text}`);
    return `(${literal})`;
  });
}
