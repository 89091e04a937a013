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

export interface HandleOptions<State> {
  /**
   * Runs in the command's transaction after the append and the projections,
   * for what must not be in an event (a credential's hash, an outbox row for a
   * secret). Not called when the decider decides nothing.
   */
  within?: (db: PoolClient, result: CommandResult<State>) => Promise<void>;
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
}

/**
 * Load the stream, decide, append with the expected version and project
 * inline, all in one transaction. A concurrent writer makes the append fail
 * with ConcurrencyError: the handler reloads and decides again, a bounded
 * number of times, then answers CONFLICT.
 */
export class CommandHandler {
  private readonly clock: () => Date;
  private readonly maxAttempts: number;

  constructor(private readonly options: CommandHandlerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  async handle<State, Command, Event extends DomainEvent>(
    streamId: string,
    decider: Decider<State, Command, Event>,
    command: Command,
    context: CommandContext,
    options: HandleOptions<State> = {},
  ): Promise<CommandResult<State>> {
    const metadata: EventMetadata = {
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId ?? randomUUID(),
      ...(context.tenantId ? { tenantId: context.tenantId } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(streamId, decider, command, metadata, options);
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        if (attempt >= this.maxAttempts) throw new ConflictError(streamId, attempt);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  private attempt<State, Command, Event extends DomainEvent>(
    streamId: string,
    decider: Decider<State, Command, Event>,
    command: Command,
    metadata: EventMetadata,
    options: HandleOptions<State>,
  ): Promise<CommandResult<State>> {
    const { store, projections, pool } = this.options;
    return inTransaction(pool, async (client) => {
      const past = (await store.readStream(streamId, client)) as unknown as RecordedEvent<Event>[];
      const state = fold(decider, past as unknown as Event[]);
      const decided = decider.decide(command, state, { now: this.clock() });
      if (decided.length === 0) return { state, events: [], version: past.length };
      const result = await store.append(streamId, past.length, decided, metadata, client);
      await projections.apply(result.events, client);
      const outcome = {
        state: decided.reduce(decider.evolve, state),
        events: result.events,
        version: result.streamVersion,
      };
      await options.within?.(client, outcome);
      return outcome;
    });
  }
}
