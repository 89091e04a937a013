import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serverQuery } from './bench.database';
import type { Contender } from './bench.helpers';

const run = promisify(execFile);

/** PostgreSQL's own load tool: pgbench on PATH, else where Debian puts it. */
async function pgbenchPath(): Promise<string | null> {
  for (const candidate of [
    'pgbench',
    '/usr/lib/postgresql/15/bin/pgbench',
    '/usr/lib/postgresql/16/bin/pgbench',
  ]) {
    try {
      await run(candidate, ['--version']);
      return candidate;
    } catch {
      // Not this one.
    }
  }
  return null;
}

export interface PgbenchFigures {
  /** One-row INSERTs per second over the turns, and each turn's. */
  insertsPerSecond: number;
  runs: number[];
  clients: number;
}

/**
 * The write path's ceiling on this PostgreSQL: pgbench, `clients` clients,
 * each transaction one single-row INSERT (a stream id, a jsonb payload the
 * size of a ledger event, a timestamp) into an indexed table of its own,
 * prepared statements, the same server and database as our appends. It
 * takes its turns among those it is compared with (`contender`), so that the
 * machine's speed, which moves from minute to minute, falls on it alike.
 */
export class PgbenchPeer {
  private readonly dir = mkdtempSync(join(tmpdir(), 'pgbench-'));
  private readonly runs: number[] = [];

  private constructor(
    private readonly binary: string,
    private readonly databaseUrl: string,
    readonly clients: number,
  ) {}

  static async open(databaseUrl: string, clients: number): Promise<PgbenchPeer | null> {
    const binary = await pgbenchPath();
    if (!binary) return null;
    await serverQuery(
      databaseUrl,
      `CREATE TABLE IF NOT EXISTS pgbench_rows (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         stream_id text NOT NULL, data jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now());
       CREATE INDEX IF NOT EXISTS pgbench_rows_stream ON pgbench_rows (stream_id)`,
    );
    return new PgbenchPeer(binary, databaseUrl, clients);
  }

  /** A contender for measureGroup whose every turn is one run of pgbench (whole seconds, at least 1). */
  contender(key: string): Contender {
    return {
      key,
      writers: this.clients,
      makeWriter: () => Promise.reject(new Error('pgbench runs its own clients')),
      turn: async (seconds, warmUp) => {
        const whole = Math.max(1, Math.round(seconds));
        const tps = await this.measure(whole, !warmUp);
        return { operations: tps * whole, units: tps * whole, seconds: whole };
      },
    };
  }

  /** One run of `seconds`; its INSERTs per second (without its connections' set-up), kept unless `record` is false. */
  async measure(seconds: number, record = true): Promise<number> {
    const script = join(this.dir, 'insert.sql');
    writeFileSync(
      script,
      `INSERT INTO pgbench_rows (stream_id, data) VALUES ('account-' || :client_id, '{"type": "Deposited", "amount": 1}');\n`,
    );
    const { stdout } = await run(this.binary, [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(this.clients),
      '-j',
      '2',
      '-T',
      String(Math.max(1, Math.round(seconds))),
      '-f',
      script,
      this.databaseUrl,
    ]);
    const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
    if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps: ${stdout}`);
    if (record) this.runs.push(tps);
    return tps;
  }

  figures(): PgbenchFigures {
    const mean = this.runs.reduce((sum, tps) => sum + tps, 0) / this.runs.length;
    return { insertsPerSecond: mean, runs: [...this.runs], clients: this.clients };
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
