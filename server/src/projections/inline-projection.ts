import type { Queryable } from '../db/queryable';
import type { Statement } from '../db/sql-literal';
import type { DomainEvent, RecordedEvent } from '../event-store/event.types';

/**
 * A read model kept in the append's transaction. `apply` receives a batch of
 * events (of the types it names, in log order, possibly from many streams) and
 * must write only to its own `tables`, by unqualified name, with values taken
 * from the events alone (no now(), no serials): that is what lets
 * rebuild-projections replay the log into fresh tables and compare.
 */
export interface InlineProjection {
  name: string;
  eventTypes: readonly string[];
  tables: readonly string[];
  apply(events: readonly RecordedEvent[], db: Queryable): Promise<void>;
}

export class InlineProjectionRunner {
  constructor(readonly projections: readonly InlineProjection[]) {}

  get tables(): string[] {
    return this.projections.flatMap((projection) => projection.tables);
  }

  /** Every event type some projection handles. */
  get eventTypes(): string[] {
    return [...new Set(this.projections.flatMap((projection) => projection.eventTypes))];
  }

  async apply(events: readonly RecordedEvent[], db: Queryable): Promise<void> {
    for (const projection of this.projections) {
      const relevant = events.filter((event) => projection.eventTypes.includes(event.type));
      if (relevant.length) await projection.apply(relevant, db);
    }
  }

  /**
   * The statements apply() would run, in order, without running them: what
   * a command sends with its append in one statement (EventStore.appendProjected).
   * A projection that reads what a statement answered throws here, so its
   * commands go the transaction's way.
   */
  async record(events: readonly RecordedEvent[]): Promise<Statement[]> {
    const statements: Statement[] = [];
    await this.apply(events, new StatementRecorder(statements));
    return statements;
  }
}

class StatementRecorder implements Queryable {
  constructor(private readonly statements: Statement[]) {}

  async query(text: string | { text: string; values?: unknown[] }, values?: unknown[]): Promise<never> {
    if (typeof text === 'string') this.statements.push({ text, values: values ?? [] });
    else this.statements.push({ text: text.text, values: text.values ?? values ?? [] });
    return NOT_RUN;
  }
}

/** The answer of a statement that has not run: reading it is an error. */
const NOT_RUN: never = new Proxy(
  {},
  {
    get(_target, property) {
      if (property === 'then') return undefined;
      throw new Error(`a recorded statement has no ${String(property)} yet`);
    },
  },
) as never;

export type EventHandlers<E extends DomainEvent> = {
  [T in E['type']]?: (event: RecordedEvent<Extract<E, { type: T }>>, db: Queryable) => Promise<void>;
};

/** A projection that handles its events one at a time, in order, with one handler per event type. */
export function defineProjection<E extends DomainEvent>(definition: {
  name: string;
  tables: readonly string[];
  handlers: EventHandlers<E>;
}): InlineProjection {
  const handlers = definition.handlers as unknown as Record<
    string,
    (event: RecordedEvent, db: Queryable) => Promise<void>
  >;
  return {
    name: definition.name,
    tables: definition.tables,
    eventTypes: Object.keys(handlers),
    async apply(events, db) {
      for (const event of events) await handlers[event.type](event, db);
    },
  };
}
