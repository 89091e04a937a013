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

/** One request of a round (bench/load.process.mjs says how each is sent and checked). */
export interface LoadStep {
  name: string;
  /** The request's JSON body; {{name}} is replaced by a value an earlier step of the round saved. */
  body: string;
  /** The exact answer (a read); without it the answer must be a 200 with `data` and no `errors`. */
  expected?: string;
  /** A dotted path into `data` that must not be null, and equal `equals` when given. */
  check?: { path: string; equals?: string };
  /** Values of `data` (name → dotted path) for the round's next steps; all of them are returned. */
  save?: Record<string, string>;
}

export interface StepsRun {
  /** One URL or several: connection i goes to url[i mod their number]. */
  url: string | string[];
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  /** Sent in turn on each connection, over and over. */
  steps: LoadStep[];
}

export interface StepResult {
  answers: number;
  wrong: number;
  firstWrong: string | null;
  /** From the request's build to its answer, in this step's requests only (ms). */
  p50: number;
  p99: number;
  /** Every value saved, in the order of the answers. */
  saved: Record<string, unknown[]>;
}

export interface StepsResult {
  requests: number;
  rps: number;
  /** autocannon's, over every request of every step. */
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  steps: Record<string, StepResult>;
}

/** autocannon in a process of its own (bench/load.process.mjs), one run at a time over IPC. */
export class LoadGenerator {
  private readonly child: ChildProcess = fork(join(__dirname, 'load.process.mjs'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  /** The generator's process (its CPU is read from /proc). */
  get pid(): number {
    return this.child.pid!;
  }

  run(load: LoadRun): Promise<LoadResult>;
  /** Rounds of steps on every connection (writes checked by their shape, reads by their bytes). */
  run(load: StepsRun): Promise<StepsResult>;
  run(load: LoadRun | StepsRun): Promise<LoadResult | StepsResult> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (message: { result?: LoadResult | StepsResult; error?: string }) =>
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
