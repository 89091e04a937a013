/** What a benchmark run does, from the environment; every figure has a default. */
export interface BenchConfig {
  /** The server on which the run makes (and drops) its own databases. */
  serverUrl: string;
  /** How long each measurement runs, after its warm-up. */
  seconds: number;
  warmupSeconds: number;
  /** Turns per contender within its measured time (compared contenders are interleaved). */
  slices: number;
  /** Connections per pool, the same for our store and Emmett's. */
  poolSize: number;
  /** The writer counts the single-event appends and the commands are measured at. */
  writerCounts: readonly number[];
  batchSize: number;
  /** Deposits per account in the bounded-stream command measurement. */
  depositsPerAccount: number;
  rebuildEvents: number;
  rebuildStreams: number;
  /** The scale-out bench SIGKILLs a worker half-way through its three-API run and starts another (BENCH_KILL_WORKER=1). */
  killWorker: boolean;
}

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a number above 0, not ${JSON.stringify(raw)}`);
  return value;
}

export function loadBenchConfig(): BenchConfig {
  const seconds = positiveNumber('BENCH_SECONDS', 5);
  return {
    serverUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    seconds,
    warmupSeconds: positiveNumber('BENCH_WARMUP_SECONDS', Math.min(1, seconds)),
    slices: Math.max(1, Math.min(5, Math.round(seconds))),
    poolSize: Math.round(positiveNumber('BENCH_POOL_SIZE', 20)),
    writerCounts: [1, 16],
    batchSize: 100,
    depositsPerAccount: 100,
    rebuildEvents: 100_000,
    rebuildStreams: 1_000,
    killWorker: process.env.BENCH_KILL_WORKER === '1',
  };
}
