import type { DomainError } from '../../projections/domain.errors';

/**
 * A read model's unique index is the last word on uniqueness across streams
 * (a slug, a contact's email): its violation rolls the command back, and is
 * answered as the DomainError named for that constraint.
 */
export function orUniqueViolation(byConstraint: Record<string, DomainError>) {
  return (error: unknown): never => {
    const pgError = error as { code?: string; constraint?: string };
    if (pgError?.code === '23505' && pgError.constraint && byConstraint[pgError.constraint]) {
      throw byConstraint[pgError.constraint];
    }
    throw error;
  };
}
