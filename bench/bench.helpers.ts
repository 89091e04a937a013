import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EventMetadata } from '../server/src/event-store/event.types';

/** One writer: a loop body that does one operation and says how many events (or commands) it did. */
export type Step = () => Promise<number>;

/** What an outside process did in one turn (measured by itself, so no latencies and no CPU of ours). */
export interface OutsideTurn {
  operations: number;
  units: number;
  seconds: number;
}

/**
 * Something measured: `writers` concurrent loops of a step, with its store's set-up around each turn;
 * or, with `turn`, an outside process (pgbench) that runs each turn of about `seconds` itself.
 */
export interface Contender {
  key: string;
  writers: number;
  /** Makes writer `index`; called once, so a writer keeps its state (its stream, its version) from warm-up on. */
  makeWriter: (index: number) => Promise<Step>;
  /** An outside process's turn: `warmUp` for the warm-up (not counted); makeWriter is then not called. */
  turn?: (seconds: number, warmUp: boolean) => Promise<OutsideTurn>;
  /** Called before and after each turn of this contender (Emmett swaps pg's type parsers in and out). */
  enter?: () => void;
  leave?: () => void;
}

export interface Measurement {
  writers: number;
  /** Calls made in the measured time (appends or commands). */
  operations: number;
  /** What the calls did: events appended or commands handled. */
  units: number;
  seconds: number;
  unitsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** This process's CPU time over the measured time: 1 = one core busy in Node (client side) throughout. */
  clientCpu: number;
}

export interface GroupOptions {
  /** Measured time per contender, in total. */
  seconds: number;
  warmupSeconds: number;
  /** The measured time is cut into this many turns per contender, taken in rotating order. */
  slices: number;
}

interface Tally {
  operations: number;
  units: number;
  seconds: number;
  cpuMicros: number;
}

async function loop(
  steps: readonly Step[],
  seconds: number,
  tally: Tally | null,
  latencies: number[] | null,
): Promise<void> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const deadline = started + seconds * 1000;
  await Promise.all(
    steps.map(async (step) => {
      while (performance.now() < deadline) {
        const before = performance.now();
        // Not `units += await step()`: that reads `units` before the await and loses the other writers' counts.
        const done = await step();
        latencies?.push(performance.now() - before);
        if (tally) {
          tally.units += done;
          tally.operations++;
        }
      }
    }),
  );
  // The turn ends when the last call started before the deadline has returned; its rate is over all of that.
  if (tally) {
    tally.seconds += (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    tally.cpuMicros += cpu.user + cpu.system;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function turn<T>(contender: Contender, fn: () => Promise<T>): Promise<T> {
  contender.enter?.();
  try {
    return await fn();
  } finally {
    contender.leave?.();
  }
}

/**
 * Measures contenders that are to be compared, one at a time but interleaved:
 * each warms up, then the measured time is taken in turns (A B C, B C A, …),
 * so that load from elsewhere on the machine, checkpoints and autovacuum fall
 * on all of them alike rather than on whichever ran at the wrong moment.
 */
export async function measureGroup(
  contenders: readonly Contender[],
  options: GroupOptions,
): Promise<Map<string, Measurement>> {
  const prepared: { contender: Contender; steps: Step[]; tally: Tally; latencies: number[] }[] = [];
  for (const contender of contenders) {
    if (contender.turn) await contender.turn(options.warmupSeconds, true);
    const steps = await turn(contender, async () => {
      if (contender.turn) return [];
      const made: Step[] = [];
      for (let index = 0; index < contender.writers; index++) made.push(await contender.makeWriter(index));
      await loop(made, options.warmupSeconds, null, null);
      return made;
    });
    prepared.push({
      contender,
      steps,
      tally: { operations: 0, units: 0, seconds: 0, cpuMicros: 0 },
      latencies: [],
    });
  }
  for (let slice = 0; slice < options.slices; slice++) {
    for (let offset = 0; offset < prepared.length; offset++) {
      const entry = prepared[(slice + offset) % prepared.length];
      const outside = entry.contender.turn;
      if (outside) {
        const done = await outside(options.seconds / options.slices, false);
        entry.tally.operations += done.operations;
        entry.tally.units += done.units;
        entry.tally.seconds += done.seconds;
        entry.tally.cpuMicros = Number.NaN;
        continue;
      }
      await turn(entry.contender, () =>
        loop(entry.steps, options.seconds / options.slices, entry.tally, entry.latencies),
      );
    }
  }
  const results = new Map<string, Measurement>();
  for (const { contender, tally, latencies } of prepared) {
    latencies.sort((a, b) => a - b);
    results.set(contender.key, {
      writers: contender.writers,
      operations: tally.operations,
      units: tally.units,
      seconds: tally.seconds,
      unitsPerSecond: tally.units / tally.seconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.length ? latencies[latencies.length - 1] : NaN,
      clientCpu: tally.cpuMicros / 1e6 / tally.seconds,
    });
  }
  return results;
}

export function benchMetadata(): EventMetadata {
  return {
    actor: { kind: 'SYSTEM', id: null, name: 'bench' },
    correlationId: randomUUID(),
    causationId: null,
  };
}

/** A fresh account: its stream id (`account-…`) and the id the events carry. */
export function newAccount(): { streamId: string; accountId: string } {
  const accountId = randomUUID();
  return { streamId: `account-${accountId}`, accountId };
}

/** Deposit events of a fixed shape, the same payload for both stores. */
export function depositEvents(
  accountId: string,
  count: number,
): { type: 'MoneyDeposited'; data: { accountId: string; amount: number } }[] {
  return Array.from({ length: count }, () => ({
    type: 'MoneyDeposited' as const,
    data: { accountId, amount: 10 },
  }));
}
