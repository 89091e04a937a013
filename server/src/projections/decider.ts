import type { DomainEvent } from '../event-store/event.types';

/** What a decider may know besides the state and the command: the clock, passed in. */
export interface DecideContext {
  now: Date;
}

/**
 * A pure decision: `decide` turns a command and the stream's state into new
 * events (or throws a DomainError); `evolve` folds one event into the state.
 */
export interface Decider<State, Command, Event extends DomainEvent> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State, context: DecideContext) => Event[];
}

export function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<State, unknown, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}
