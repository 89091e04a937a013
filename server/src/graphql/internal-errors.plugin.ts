import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import type { GraphQLContext } from './context';
import { errorCodeOf } from './errors';
import type { RequestPlugin } from './request-hooks.plugin';

/**
 * An internal error is masked in the answer (formatError) and logged here,
 * once per error, at error: the request's id (the response's x-request-id),
 * the operation, the path and the error as thrown, stack included. What the
 * caller did wrong (a refused command, bad input, a validation error) is the
 * caller's to read in the answer, and is not logged.
 */
export function internalErrorsLogPlugin(logger: Logger): RequestPlugin<GraphQLContext> {
  return () => ({
    didEncounterErrors({ errors, contextValue, operationName, request }) {
      for (const error of errors) {
        if (errorCodeOf(error) !== 'INTERNAL_SERVER_ERROR') continue;
        logger.error(
          {
            requestId: contextValue.requestId,
            operation: operationName ?? request.operationName ?? null,
            path: error.path ?? null,
            err: unwrapResolverError(error),
          },
          'GraphQL: internal error',
        );
      }
    },
  });
}
