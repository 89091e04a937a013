/** GraphQL extensions.code values that a refused command maps to. */
export type DomainErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  /** A rate limit: the same request may work again later. */
  | 'TOO_MANY_REQUESTS';

/** A command refused for a reason the caller can act on; `field` names the input at fault. */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The stream kept moving under us: every retry met a newer version. */
export class ConflictError extends DomainError {
  constructor(streamId: string, attempts: number) {
    super(
      'CONFLICT',
      `the record changed while this change was being made (${attempts} attempts on ${streamId}); try again`,
    );
  }
}
