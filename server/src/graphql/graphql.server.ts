import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { viewerFromRequest } from '../auth/request-viewer';
import type { AppContext } from '../app-context';
import type { GraphQLContext } from './context';
import { formatError } from './errors';
import { createLoaders } from './loaders';
import { graphqlSchema } from './schema';

/** The limits every operation must keep (README, "GraphQL limits"). */
export const GRAPHQL_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxCost: 10000,
  maxDirectives: 20,
  maxTokens: 2000,
};

const REQUEST_ID = /^[\w.-]{1,100}$/;

export async function createGraphQLHandler(
  app: AppContext,
): Promise<{ handler: RequestHandler; stop(): Promise<void> }> {
  const development = app.config.NODE_ENV === 'development';
  const armor = new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives },
    maxTokens: { n: GRAPHQL_LIMITS.maxTokens },
    blockFieldSuggestion: { enabled: !development },
  }).protect();
  const server = new ApolloServer<GraphQLContext>({
    schema: await graphqlSchema(),
    plugins: armor.plugins,
    validationRules: armor.validationRules,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    introspection: true,
    includeStacktraceInErrorResponses: development,
    formatError: formatError(development || app.config.NODE_ENV === 'test'),
  });
  await server.start();
  const secureCookies = app.config.PUBLIC_URL.startsWith('https:');
  const handler = expressMiddleware(server, {
    context: async ({ req, res }) => {
      const header = req.headers['x-request-id'];
      const requestId = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
      const viewer = await viewerFromRequest(app, req, res);
      return {
        viewer,
        requestId,
        http: { res, ip: req.ip ?? 'unknown', secureCookies },
        services: app.services,
        loaders: createLoaders(app.pool, viewer, app.services.timeline),
      };
    },
  });
  return { handler, stop: () => server.stop() };
}
