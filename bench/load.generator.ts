import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface LoadRun {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  /** The exact answer every request must get (fetched once before the run). */
  expected: string;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Answers that were not `expected` (or not 200), and the first of them. */
  wrong: number;
  firstWrong: string | null;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** autocannon in a process of its own (bench/load.process.mjs), one run at a time over IPC. */
export class LoadGenerator {
  private readonly child: ChildProcess = fork(join(__dirname, 'load.process.mjs'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  run(load: LoadRun): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (message: { result?: LoadResult; error?: string }) =>
        message.result ? resolve(message.result) : reject(new Error(`load generator: ${message.error}`)),
      );
      this.child.send(load);
    });
  }

  close(): void {
    this.child.disconnect();
  }
}

/** Turns of two loads in alternation, so that whatever else the machine does shifts both alike. */
export async function interleaved(
  generator: LoadGenerator,
  loads: Record<string, LoadRun>,
  slices: number,
): Promise<Record<string, LoadResult>> {
  const totals: Record<string, LoadResult> = {};
  for (let slice = 0; slice < slices; slice++)
    for (const [name, load] of Object.entries(loads)) {
      const result = await generator.run({
        ...load,
        seconds: Math.max(1, Math.round(load.seconds / slices)),
      });
      const total = (totals[name] ??= {
        ...result,
        requests: 0,
        rps: 0,
        wrong: 0,
        errors: 0,
        timeouts: 0,
        non2xx: 0,
      });
      total.requests += result.requests;
      total.rps += result.rps / slices;
      // Latency over the turns: the median's mean, and the worst turn's p99.
      total.p50 = slice === 0 ? result.p50 / slices : total.p50 + result.p50 / slices;
      total.p99 = Math.max(slice === 0 ? 0 : total.p99, result.p99);
      total.wrong += result.wrong;
      total.firstWrong ??= result.firstWrong;
      total.errors += result.errors;
      total.timeouts += result.timeouts;
      total.non2xx += result.non2xx;
    }
  return totals;
}
