import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { isDatabaseUnavailable } from '../db/database-errors';
import { DomainError } from '../projections/domain.errors';

export function unauthenticated(
  message = 'sign in first: send Authorization: Bearer <API token>',
): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export const SERVICE_UNAVAILABLE =
  'The service is unavailable for a moment (its database is away): try again shortly.';

/** The database is away: nothing was done, and the same request may be sent again. */
export function serviceUnavailable(httpStatus?: number): GraphQLError {
  return new GraphQLError(SERVICE_UNAVAILABLE, {
    extensions: { code: 'SERVICE_UNAVAILABLE', ...(httpStatus ? { http: { status: httpStatus } } : {}) },
  });
}

/**
 * The code an error answers with (extensions.code as formatError gives it):
 * a refused command's own, BAD_USER_INPUT for arguments that failed
 * validation, SERVICE_UNAVAILABLE while the database is away, GraphQL's own
 * code, else INTERNAL_SERVER_ERROR. Metrics count errors by this.
 */
export function errorCodeOf(error: unknown): string {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return original.code;
  if (original instanceof ArgumentValidationError) return 'BAD_USER_INPUT';
  if (isDatabaseUnavailable(original)) return 'SERVICE_UNAVAILABLE';
  const code = (error as GraphQLError | undefined)?.extensions?.code;
  return typeof code === 'string' && code ? code : 'INTERNAL_SERVER_ERROR';
}

/**
 * Refused commands keep their code and the field at fault; GraphQL's own
 * errors keep theirs; anything else is an internal error, shown in
 * development and masked (no stack, no SQL) elsewhere.
 */
export function formatError(showInternals: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
      };
    }
    if (original instanceof ArgumentValidationError) {
      return { ...formatted, extensions: { code: 'BAD_USER_INPUT' } };
    }
    if (isDatabaseUnavailable(original)) {
      return {
        message: SERVICE_UNAVAILABLE,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    const code = formatted.extensions?.code;
    if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    if (showInternals) return formatted;
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
