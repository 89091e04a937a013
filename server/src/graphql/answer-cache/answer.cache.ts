/** What an answer may be kept for at most, and how many are kept (the least lately used go first). */
export interface AnswerCacheOptions {
  maxAgeMs?: number;
  maxEntries?: number;
}

/** An answer as kept: its data, the log's instant it was read after, and when it stops holding by the clock. */
export interface KeptAnswer {
  data: Record<string, unknown>;
  /** The PostgreSQL snapshot taken before the answer's first read (event-store/log-snapshot.ts). */
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
  readonly maxAgeMs: number;
  private readonly maxEntries: number;
  /** Answers given from memory, computed with none kept, and computed again because the log had moved. */
  hits = 0;
  misses = 0;
  stale = 0;

  constructor(
    private readonly clock: () => Date,
    options: AnswerCacheOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 1_000;
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

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
