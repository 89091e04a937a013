import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { isDatabaseUnavailable } from '../db/database-errors';
import { inlineLiterals, sqlLiteral, type Statement } from '../db/sql-literal';

/** PostgreSQL's codes for EXECUTE of a name the session has not prepared, and for PREPARE of one it has. */
const UNKNOWN_STATEMENT = '26000';
const DUPLICATE_STATEMENT = '42P05';

/** What this process knows a session to hold: by its connection (a wrapped client is still the same session). */
const sessionOf = (client: PoolClient): object =>
  (client as unknown as { connection?: object }).connection ?? client;

/** A projection's statement ready for es_command: its name, text, parameters, and values as literals. */
export interface Written extends Shape {
  text: string;
  literals: string[];
}

/** What a statement's text gives once: its name and the highest `$n` it holds (0: none). */
interface Shape {
  name: string;
  parameters: number;
}

const shapes = new Map<string, Shape>();
/** A statement's name, after its text (`pp_`: none of node-postgres's own names, `q_…` and `es_…`, begins so). */
function shapeOf(text: string): Shape {
  let shape = shapes.get(text);
  if (!shape) {
    shape = {
      name: `pp_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`,
      parameters: Math.max(0, ...[...text.matchAll(/\$(\d+)/g)].map((match) => Number(match[1]))),
    };
    shapes.set(text, shape);
  }
  return shape;
}

/**
 * The inline projections' statements as es_command runs them: each
 * PREPAREd once on the connection (parsed and planned there, its plan kept),
 * then run by `EXECUTE name(values)`, its values written in as literals. A
 * statement's text inlined with its values instead was parsed and planned
 * anew on every command, inside es_command's EXECUTE. An EXECUTE's value is
 * read as its prepared parameter's type, which PREPARE resolved from the
 * statement as it resolves an untyped bound parameter: the statement means
 * what it means in the transaction's way. A connection holds at most
 * `perConnection` of them; past that, a new text is inlined.
 */
export class PreparedProjections {
  private readonly prepared = new WeakMap<object, Set<string>>();

  constructor(private readonly perConnection = 500) {}

  /**
   * The statements with their values written as literals, before any connection is taken. Throws
   * where one cannot be written (a value missing, one node-postgres cannot convert): the command
   * then takes the transaction's way.
   */
  write(statements: readonly Statement[], substitute: (value: unknown) => unknown): Written[] {
    return statements.map((statement) => {
      const literals = statement.values.map((value) => sqlLiteral(value, substitute));
      const shape = shapeOf(statement.text);
      // A $n without its value: inlining says which (it throws).
      if (shape.parameters > literals.length) inlineLiterals(statement.text, literals);
      return { ...shape, text: statement.text, literals };
    });
  }

  /** The statements inlined, for a connection that is not the pool's to prepare on (a transaction's). */
  inlined(written: readonly Written[]): string {
    return written.map(({ text, literals }) => inlineLiterals(text, literals)).join(';\n');
  }

  /**
   * Runs `command` with a connection of pool and, for each list of statements (one command's), their SQL
   * for it, preparing first what that connection lacks.
   */
  async run<T>(
    pool: Pool,
    lists: readonly (readonly Written[])[],
    command: (client: PoolClient, sqls: string[]) => Promise<T>,
  ): Promise<T> {
    const client = await pool.connect();
    let lost: Error | undefined;
    try {
      try {
        return await command(client, await this.sqlOn(client, lists));
      } catch (error) {
        // The session holds other than this process thought: ask it what it holds, and go again, once.
        const code = (error as { code?: string }).code;
        if (code !== UNKNOWN_STATEMENT && code !== DUPLICATE_STATEMENT) throw error;
        const { rows } = await client.query<{ name: string }>(
          `SELECT name FROM pg_prepared_statements WHERE name LIKE 'pp\\_%'`,
        );
        this.prepared.set(sessionOf(client), new Set(rows.map((row) => row.name)));
        return await command(client, await this.sqlOn(client, lists));
      }
    } catch (error) {
      // An error without PostgreSQL's code is the connection's own, as is the session's end (57P01 when
      // the backend is terminated): the connection is not given back to the pool.
      if (error instanceof Error && (!('code' in error) || isDatabaseUnavailable(error))) lost = error;
      throw error;
    } finally {
      client.release(lost);
    }
  }

  private async sqlOn(client: PoolClient, lists: readonly (readonly Written[])[]): Promise<string[]> {
    let held = this.prepared.get(sessionOf(client));
    if (!held) this.prepared.set(sessionOf(client), (held = new Set()));
    const missing = new Map<string, string>();
    const part = ({ name, parameters, text, literals }: Written) => {
      // More values than parameters: an EXECUTE would refuse them, where inlining leaves them unused.
      if (literals.length !== parameters) return inlineLiterals(text, literals);
      if (!held.has(name) && !missing.has(name)) {
        if (held.size + missing.size >= this.perConnection) return inlineLiterals(text, literals);
        missing.set(name, text);
      }
      return literals.length ? `EXECUTE ${name}(${literals.join(', ')})` : `EXECUTE ${name}`;
    };
    const sqls = lists.map((written) => written.map(part).join(';\n'));
    if (missing.size) {
      await client.query([...missing].map(([name, text]) => `PREPARE ${name} AS ${text}`).join(';\n'));
      for (const name of missing.keys()) held.add(name);
    }
    return sqls;
  }
}
