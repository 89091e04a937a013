import { expect } from '@jest/globals';
import type { DomainEvent } from '../event-store/event.types';
import { fold, type DecideContext, type Decider } from '../projections/decider';
import { DomainError, type DomainErrorCode } from '../projections/domain.errors';

export const FIXED_NOW = new Date('2026-01-15T12:00:00.000Z');

/**
 * given(past events) / when(command) / then(new events): the shape of every
 * decider test. `thenRefuses` checks the DomainError's code (and field).
 */
export function DeciderSpecification<State, Command, Event extends DomainEvent>(
  decider: Decider<State, Command, Event>,
) {
  return {
    given(events: Event[]) {
      return {
        when(command: Command, context: DecideContext = { now: FIXED_NOW }) {
          const run = () => decider.decide(command, fold(decider, events), context);
          return {
            then(expected: Event[]) {
              expect(run()).toEqual(expected);
            },
            thenNothingHappens() {
              expect(run()).toEqual([]);
            },
            thenRefuses(code: DomainErrorCode, field?: string) {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(DomainError);
              expect((caught as DomainError).code).toBe(code);
              if (field !== undefined) expect((caught as DomainError).field).toBe(field);
            },
          };
        },
      };
    },
  };
}
