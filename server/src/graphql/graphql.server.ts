import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { RequestHandler } from 'express';
import { viewerFromRequest } from '../auth/request-viewer';
import type { AppContext } from '../app-context';
import type { Config } from '../config';
import { requestIdOf } from '../ops/request-id';
import type { GraphQLContext } from './context';
import { isDatabaseUnavailable } from '../db/database-errors';
import { formatError, serviceUnavailable } from './errors';
import { graphqlOverHttpStatusPlugin } from './http-status.plugin';
import { internalErrorsLogPlugin } from './internal-errors.plugin';
import { introspectionForMembersPlugin } from './introspection.plugin';
import { noStorePlugin } from './no-store.plugin';
import { requestHooksPlugin, type RequestPlugin } from './request-hooks.plugin';
import { CompiledQueryExecutor, type CompiledExecutorStats } from './jit.executor';
import { readOnlyPreviewPlugin } from './read-only-preview.plugin';
import { requestEndPlugin } from './scoped-context';
import { createLoaders } from './loaders';
import { mutationForgetsCredentialsPlugin } from './credentials.plugin';
import { graphqlSchema } from './schema';
import { answerCachePlugin } from './answer-cache/answer-cache.plugin';
import type { AnswerCache } from './answer-cache/answer.cache';

/** The limits every operation must keep (README, "GraphQL limits"). */
export const GRAPHQL_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxCost: 10000,
  maxDirectives: 20,
  maxTokens: 2000,
};

/** The armor of every operation, over HTTP and over WebSocket (live.server.ts): its plugins and validation rules. */
export function graphqlArmor() {
  return new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
    // graphql-js counts tokens as it parses (parseOptions below): a document over the limit is a
    // parse failure like any syntax error. Armor's own check parses again in a hook of its own, and
    // a syntax error thrown there answered 500.
    maxTokens: { enabled: false },
    // Suggestions are hidden by Apollo itself (hideSchemaDetailsFromClientErrors): armor's mask
    // left "[Suggestion hidden]?", which still told that a near name exists.
    blockFieldSuggestion: { enabled: false },
  }).protect();
}

export interface GraphQLHandlerOptions {
  /** What executes operations (default: the configuration's GRAPHQL_EXECUTOR). */
  executor?: Config['GRAPHQL_EXECUTOR'];
}

export async function createGraphQLHandler(
  app: AppContext,
  plugins: RequestPlugin<GraphQLContext>[] = [],
  options: GraphQLHandlerOptions = {},
): Promise<{
  handler: RequestHandler;
  stop(): Promise<void>;
  /** What graphql-jit ran (null under graphql-js). */
  jitStats: CompiledExecutorStats | null;
  /** The answers kept (null with GRAPHQL_ANSWER_CACHE=off). */
  answers: AnswerCache | null;
}> {
  const development = app.config.NODE_ENV === 'development';
  const armor = graphqlArmor();
  const schema = await graphqlSchema();
  // graphql-jit through Apollo's one hook for an executor of its own: a gateway serving this schema.
  const jit =
    (options.executor ?? app.config.GRAPHQL_EXECUTOR) === 'jit' ? new CompiledQueryExecutor(schema) : null;
  const answers = app.config.GRAPHQL_ANSWER_CACHE === 'on' ? app.services.answers : null;
  const server = new ApolloServer<GraphQLContext>({
    ...(jit ? { gateway: jit.gateway() } : { schema }),
    plugins: [
      ...armor.plugins,
      ApolloServerPluginCacheControlDisabled(),
      // The API's own, as one (request-hooks.plugin.ts), in the order they ran as Apollo's.
      requestHooksPlugin<GraphQLContext>([
        graphqlOverHttpStatusPlugin(),
        noStorePlugin(),
        readOnlyPreviewPlugin(),
        requestEndPlugin(),
        mutationForgetsCredentialsPlugin(app.services.credentials),
        internalErrorsLogPlugin(app.logger),
        ...(development ? [] : [introspectionForMembersPlugin()]),
        ...(answers ? [answerCachePlugin(app.pool, answers, app.clock)] : []),
        ...plugins,
      ]),
    ],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: GRAPHQL_LIMITS.maxTokens },
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // The process stops the server itself, in order (process.lifecycle.ts, start.ts).
    stopOnTerminationSignals: false,
    // Everyone in development (the playground); members only elsewhere (introspection.plugin.ts).
    introspection: true,
    hideSchemaDetailsFromClientErrors: !development,
    includeStacktraceInErrorResponses: development,
    formatError: formatError(development || app.config.NODE_ENV === 'test'),
  });
  await server.start();
  const secureCookies = app.config.PUBLIC_URL.startsWith('https:');
  const handler = expressMiddleware(server, {
    context: async ({ req, res }) => {
      // The id requestLogging() gave the request (x-request-id when sane): the events' correlation id.
      const requestId = requestIdOf(req);
      const viewer = await viewerFromRequest(app, req, res).catch((error: unknown) => {
        // Who is asking can't be known while the database is away: 503, nothing run.
        throw isDatabaseUnavailable(error) ? serviceUnavailable(503) : error;
      });
      return {
        viewer,
        requestId,
        liveBus: app.live,
        http: { res, ip: req.ip ?? 'unknown', secureCookies },
        services: app.services,
        loaders: createLoaders(app.pool, viewer, app.services.timeline),
      };
    },
  });
  return { handler, stop: () => server.stop(), jitStats: jit?.stats ?? null, answers };
}
