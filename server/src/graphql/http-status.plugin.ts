import type { BaseContext } from '@apollo/server';
import type { RequestPlugin } from './request-hooks.plugin';

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

/** The q of the most specific range in an Accept header that covers `type` (0: not acceptable). */
function qualityOf(accept: string, type: string): number {
  const [major] = type.split('/');
  let best = { specificity: -1, q: 0 };
  for (const part of accept.split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const q = Number(
      params
        .map((p) => p.trim())
        .find((p) => p.startsWith('q='))
        ?.slice(2) ?? '1',
    );
    const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity > best.specificity) best = { specificity, q: Number.isFinite(q) ? q : 0 };
  }
  return best.q;
}

/**
 * The media type of a single GraphQL response for an Accept header, as Apollo
 * Server chooses it: application/json unless application/graphql-response+json
 * is preferred; null when neither is acceptable.
 */
export function preferredGraphQLMediaType(accept: string | undefined): string | null {
  if (!accept) return JSON_TYPE;
  const json = qualityOf(accept, JSON_TYPE);
  const graphql = qualityOf(accept, GRAPHQL_RESPONSE_JSON);
  if (json <= 0 && graphql <= 0) return null;
  return graphql > json ? GRAPHQL_RESPONSE_JSON : JSON_TYPE;
}

/**
 * The status of a request refused before execution (a document that does not
 * parse or validate, variables that do not coerce), as the GraphQL-over-HTTP
 * spec asks: 200 under application/json (the errors say it all), 400 under
 * application/graphql-response+json. Apollo Server answers 400 for both.
 */
export function graphqlOverHttpStatusPlugin(): RequestPlugin<BaseContext> {
  return ({ request }) => ({
    willSendResponse({ response }) {
      if (response.body.kind !== 'single') return;
      const result = response.body.singleResult;
      if (result.data !== undefined || !result.errors?.length) return;
      const codes = result.errors.map((error) => error.extensions?.code);
      const refusedBeforeExecution = codes.every(
        (code) =>
          code === 'GRAPHQL_PARSE_FAILED' ||
          code === 'GRAPHQL_VALIDATION_FAILED' ||
          code === 'BAD_USER_INPUT',
      );
      if (!refusedBeforeExecution || (response.http.status ?? 200) !== 400) return;
      const type = preferredGraphQLMediaType(request.http?.headers.get('accept'));
      if (!type) return;
      response.http.headers.set('content-type', `${type}; charset=utf-8`);
      response.http.status = type === GRAPHQL_RESPONSE_JSON ? 400 : 200;
    },
  });
}
