import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EventMetadata } from '../server/src/event-store/event.types';

/** One writer: a loop body that does one operation and says how many events (or commands) it did. */
export type Step = () => Promise<number>;

export interface Measurement {
  writers: number;
  /** Calls made in the measured window (appends or commands). */
  operations: number;
  /** What the calls did: events appended or commands handled. */
  units: number;
  seconds: number;
  unitsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface MeasureOptions {
  writers: number;
  seconds: number;
  warmupSeconds: number;
  /** Makes writer `index`; called once, so a writer keeps its state (its stream, its version) from warm-up on. */
  makeWriter: (index: number) => Promise<Step>;
}

async function loop(steps: readonly Step[], seconds: number, latencies: number[] | null): Promise<{ operations: number; units: number; seconds: number }> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let operations = 0;
  let units = 0;
  await Promise.all(
    steps.map(async (step) => {
      while (performance.now() < deadline) {
        const before = performance.now();
        units += await step();
        operations++;
        latencies?.push(performance.now() - before);
      }
    }),
  );
  return { operations, units, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/**
 * Runs `writers` concurrent loops for the warm-up, waits for all of them, then
 * for the measured window. The window ends when the last call started before
 * the deadline has returned, and the rate is over that whole time.
 */
export async function measure(options: MeasureOptions): Promise<Measurement> {
  const steps: Step[] = [];
  for (let index = 0; index < options.writers; index++) steps.push(await options.makeWriter(index));
  await loop(steps, options.warmupSeconds, null);
  const latencies: number[] = [];
  const { operations, units, seconds } = await loop(steps, options.seconds, latencies);
  latencies.sort((a, b) => a - b);
  return {
    writers: options.writers,
    operations,
    units,
    seconds,
    unitsPerSecond: units / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
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
export function depositEvents(accountId: string, count: number): { type: 'MoneyDeposited'; data: { accountId: string; amount: number } }[] {
  return Array.from({ length: count }, () => ({ type: 'MoneyDeposited' as const, data: { accountId, amount: 10 } }));
}
