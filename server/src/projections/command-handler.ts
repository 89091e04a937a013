import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../db/pool';
import type { EventStore } from '../event-store/event-store';
import { ConcurrencyError } from '../event-store/event-store.errors';
import type { Actor, DomainEvent, EventMetadata, RecordedEvent } from '../event-store/event.types';
import { fold, type Decider } from './decider';
import { ConflictError } from './domain.errors';
import type { InlineProjectionRunner } from './inline-projection';

export interface CommandContext {
  actor: Actor;
  correlationId: string;
  /** What caused the command; defaults to a fresh command id. */
  causationId?: string;
  /** The workspace whose log the events join. */
  tenantId?: string;
}

export interface HandleOptions<State, Command = unknown> {
  /**
   * Runs in the command's transaction before the decision and may complete
   * the command from the database (an invoice number drawn under a row lock,
   * rolled back with the command). It is given the stream's state as read in
   * this transaction (the initial state for `anyVersion`), so that it draws
   * only what the decision will use.
   */
  prepare?: (db: PoolClient, command: Command, state: State) => Promise<Command>;
  /**
   * Runs in the command's transaction after the append and the projections,
   * for what must not be in an event (a credential's hash, an outbox row for a
   * secret). Not called when the decider decides nothing.
   */
  within?: (db: PoolClient, result: CommandResult<State>) => Promise<void>;
  /**
   * The decision needs no past of the stream (a stream of facts, such as a
   * contact's sign-ins): the stream is not read, the decider decides from its
   * initial state, and the append expects no version, so that writers of the
   * same stream wait for each other's row lock instead of conflicting.
   */
  anyVersion?: boolean;
}

export interface CommandResult<State> {
  state: State;
  /** The events this command appended (empty when the decider decided nothing). */
  events: RecordedEvent[];
  version: number;
}

export interface CommandHandlerOptions {
  pool: Pool;
  store: EventStore;
  projections: InlineProjectionRunner;
  clock?: () => Date;
  maxAttempts?: number;
  /** How many streams' last committed state to keep in memory (0: always read the stream). */
  stateCacheSize?: number;
  /**
   * Send a command's append and its projections as one statement (es_command)
   * when it has no `prepare`, `within` or `anyVersion` (default); false: always
   * BEGIN, append, project, COMMIT, which is what those commands do.
   */
  oneTrip?: boolean;
}

/**
 * Load the stream, decide, append with the expected version and project
 * inline, all in one transaction. A concurrent writer (in this process or
 * another) makes the append fail with ConcurrencyError: the handler reloads
 * and decides again, a bounded number of times, then answers CONFLICT. The
 * last committed state of recent streams is kept, so a command on a stream
 * this process wrote last skips the read.
 */
export class CommandHandler {
  private readonly clock: () => Date;
  private readonly maxAttempts: number;
  private readonly cacheSize: number;
  private readonly oneTrip: boolean;
  private readonly states = new Map<string, { decider: unknown; state: unknown; version: number }>();

  constructor(private readonly options: CommandHandlerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? 5;
    this.cacheSize = options.stateCacheSize ?? 10_000;
    this.oneTrip = options.oneTrip ?? true;
  }

  async handle<State, Command, Event extends DomainEvent>(
    streamId: string,
    decider: Decider<State, Command, Event>,
    command: Command,
    context: CommandContext,
    options: HandleOptions<State, Command> = {},
  ): Promise<CommandResult<State>> {
    const metadata: EventMetadata = {
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId ?? randomUUID(),
      ...(context.tenantId ? { tenantId: context.tenantId } : {}),
    };
    let useCache = true;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt({ streamId, decider, command, metadata }, options, useCache);
      } catch (error) {
        if (error instanceof StaleCache) {
          useCache = false;
          attempt--;
          continue;
        }
        this.states.delete(streamId);
        if (!(error instanceof ConcurrencyError)) throw error;
        if (attempt >= this.maxAttempts) throw new ConflictError(streamId, attempt);
        useCache = false;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  /**
   * With a cached state the decision is made before the transaction opens and
   * the stream is not read: the append's expected version is the check. A
   * cached state that refuses or decides nothing may be stale (another process
   * wrote), so that answer is only given after a fresh read.
   */
  private async attempt<State, Command, Event extends DomainEvent>(
    job: Job<State, Command, Event>,
    options: HandleOptions<State, Command>,
    useCache: boolean,
  ): Promise<CommandResult<State>> {
    const { streamId, decider, command } = job;
    const cached = useCache ? this.states.get(streamId) : undefined;
    let early: Decision<State, Event> | null = null;
    if (cached && cached.decider === decider && !options.prepare && !options.anyVersion) {
      const state = cached.state as State;
      let decided: Event[];
      try {
        decided = decider.decide(command, state, { now: this.clock() });
      } catch {
        throw new StaleCache();
      }
      if (decided.length === 0) throw new StaleCache();
      early = { state, version: cached.version, decided };
    }
    if (this.oneTrip && !options.prepare && !options.within && !options.anyVersion) {
      const done = await this.inOneTrip(job, early);
      if (done) return done;
    }
    return this.inTransaction(job, options, early);
  }

  /**
   * Read the stream when its state is not at hand (outside a transaction: the
   * expected version is the check), decide, then append and project in one
   * statement. Null when the store cannot take it in one (see appendProjected):
   * nothing was written, and the transaction's way follows.
   */
  private async inOneTrip<State, Command, Event extends DomainEvent>(
    { streamId, decider, command, metadata }: Job<State, Command, Event>,
    early: Decision<State, Event> | null,
  ): Promise<CommandResult<State> | null> {
    const { store, projections, pool } = this.options;
    let decision = early;
    if (!decision) {
      const past = await store.readStream(streamId, pool);
      const state = fold(decider, past as unknown as Event[]);
      const decided = decider.decide(command, state, { now: this.clock() });
      if (decided.length === 0) return { state, events: [], version: past.length };
      decision = { state, version: past.length, decided };
    }
    const { state, version, decided } = decision;
    const result = await store.appendProjected(
      streamId,
      version,
      decided,
      metadata,
      (events) => projections.record(events),
      pool,
    );
    if (!result) return null;
    const done = {
      state: decided.reduce(decider.evolve, state),
      events: result.events,
      version: result.streamVersion,
    };
    this.remember(streamId, decider, done.state, done.version);
    return done;
  }

  private async inTransaction<State, Command, Event extends DomainEvent>(
    { streamId, decider, command, metadata }: Job<State, Command, Event>,
    options: HandleOptions<State, Command>,
    early: Decision<State, Event> | null,
  ): Promise<CommandResult<State>> {
    const { store, projections, pool } = this.options;
    const outcome = await inTransaction(pool, async (client) => {
      let { state, version, decided } = early ?? {
        state: undefined as State,
        version: 0,
        decided: [] as Event[],
      };
      if (options.anyVersion) {
        state = decider.initialState();
        const prepared = options.prepare ? await options.prepare(client, command, state) : command;
        decided = decider.decide(prepared, state, { now: this.clock() });
        if (decided.length === 0) return { state, events: [], version: 0 };
      } else if (!early) {
        const past = await store.readStream(streamId, client);
        state = fold(decider, past as unknown as Event[]);
        version = past.length;
        const prepared = options.prepare ? await options.prepare(client, command, state) : command;
        decided = decider.decide(prepared, state, { now: this.clock() });
        if (decided.length === 0) return { state, events: [], version };
      }
      const result = await store.append(
        streamId,
        options.anyVersion ? 'any' : version,
        decided,
        metadata,
        client,
      );
      await projections.apply(result.events, client);
      const done = {
        state: decided.reduce(decider.evolve, state),
        events: result.events,
        version: result.streamVersion,
      };
      await options.within?.(client, done);
      return done;
    });
    if (!options.anyVersion) this.remember(streamId, decider, outcome.state, outcome.version);
    return outcome;
  }

  /**
   * A second stream's decision inside a command's transaction (the `within`
   * of a command that spans streams, such as a recurring schedule issuing an
   * invoice): read, decide, append at the version read, project. It has no
   * retry of its own: a concurrent writer makes the whole transaction roll
   * back, and the outer command is tried again.
   */
  async handleWithin<State, Command, Event extends DomainEvent>(
    db: PoolClient,
    streamId: string,
    decider: Decider<State, Command, Event>,
    command: Command,
    context: CommandContext,
  ): Promise<CommandResult<State>> {
    const { store, projections } = this.options;
    this.states.delete(streamId);
    const past = await store.readStream(streamId, db);
    const state = fold(decider, past as unknown as Event[]);
    const decided = decider.decide(command, state, { now: this.clock() });
    if (decided.length === 0) return { state, events: [], version: past.length };
    const metadata: EventMetadata = {
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId ?? randomUUID(),
      ...(context.tenantId ? { tenantId: context.tenantId } : {}),
    };
    const result = await store.append(streamId, past.length, decided, metadata, db);
    await projections.apply(result.events, db);
    return {
      state: decided.reduce(decider.evolve, state),
      events: result.events,
      version: result.streamVersion,
    };
  }

  /** Committed states by stream, most recently used last; the oldest go past the limit. */
  private remember(streamId: string, decider: unknown, state: unknown, version: number): void {
    this.states.delete(streamId);
    this.states.set(streamId, { decider, state, version });
    if (this.states.size > this.cacheSize) this.states.delete(this.states.keys().next().value!);
  }
}

/** One command to handle: its stream, its decider, the command and the events' metadata. */
interface Job<State, Command, Event extends DomainEvent> {
  streamId: string;
  decider: Decider<State, Command, Event>;
  command: Command;
  metadata: EventMetadata;
}

/** A decision made outside the transaction, from the stream's state at `version`. */
interface Decision<State, Event> {
  state: State;
  version: number;
  decided: Event[];
}

/** The cached state gave an answer that only a fresh read may confirm. */
class StaleCache extends Error {}
