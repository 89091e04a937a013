/** What an answer may be kept for at most, and how many are kept (the least lately used go first). */
export interface AnswerCacheOptions {
  maxAgeMs?: number;
  maxEntries?: number;
  /** After this many answers in a row found stale, the operation is computed without keeping it for a while. */
  staleStreak?: number;
  /** How long such an operation goes unkept before it is kept again (ms). */
  restMs?: number;
}

/** An operation whose answers the log outran lately: how many in a row, and until when it is not kept. */
interface Restless {
  streak: number;
  restUntil: number;
}

/** An answer as kept: its data, the log's instant it was read after, and when it stops holding by the clock. */
export interface KeptAnswer {
  data: Record<string, unknown>;
  /**
   * A PostgreSQL snapshot the answer holds as of (event-store/log-snapshot.ts): the one taken
   * before its first read, then each later check's that found it unchanged.
   */
  snapshot: string;
  /** The clock's time it was computed at, and the time (ms) it holds until. */
  computedAt: number;
  until: number;
}

/**
 * The answers this process gave lately, by viewer and operation. Exactness
 * is not this class's: the plugin asks the log whether each kept answer still
 * holds before it is given again (answer-cache.plugin.ts). This keeps them,
 * bounded, and drops one the clock has passed (or gone back before).
 */
export class AnswerCache {
  private readonly entries = new Map<string, KeptAnswer>();
  private readonly restless = new Map<string, Restless>();
  readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private readonly staleStreak: number;
  private readonly restMs: number;
  /**
   * Answers given from memory, computed with none kept, computed again because the log had moved,
   * and computed without asking the log (an operation at rest, see rests()).
   */
  hits = 0;
  misses = 0;
  stale = 0;
  rested = 0;

  constructor(
    private readonly clock: () => Date,
    options: AnswerCacheOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 1_000;
    this.staleStreak = options.staleStreak ?? 3;
    this.restMs = options.restMs ?? 1_000;
  }

  /**
   * Whether key's answers are computed without keeping them for now: they were found stale
   * staleStreak times in a row (the workspace's log moves faster than they are asked again), so
   * asking the log first would only add a statement. Exactness does not depend on it: an answer
   * at rest is computed as with no cache.
   */
  rests(key: string): boolean {
    const restless = this.restless.get(key);
    if (!restless || restless.restUntil <= this.clock().getTime()) return false;
    this.rested++;
    return true;
  }

  /** A kept answer was found stale: one more in the streak, and at rest once it is long enough (then true). */
  foundStale(key: string): boolean {
    this.stale++;
    this.entries.delete(key);
    const restless = this.restless.get(key) ?? { streak: 0, restUntil: 0 };
    restless.streak++;
    const resting = restless.streak >= this.staleStreak;
    if (resting) restless.restUntil = this.clock().getTime() + this.restMs;
    this.restless.delete(key);
    if (this.restless.size >= this.maxEntries) this.restless.delete(this.restless.keys().next().value!);
    this.restless.set(key, restless);
    return resting;
  }

  /** A kept answer was given: the streak is broken. */
  foundFresh(key: string): void {
    this.hits++;
    this.restless.delete(key);
  }

  /** The answer kept under key while the clock is within its life; else nothing (and it is dropped). */
  get(key: string): KeptAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.clock().getTime();
    if (now >= entry.until || now < entry.computedAt) {
      this.entries.delete(key);
      return undefined;
    }
    // Most lately used last: the first in the map is the first to go.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, answer: KeptAnswer): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, answer);
  }

  get size(): number {
    return this.entries.size;
  }
}
