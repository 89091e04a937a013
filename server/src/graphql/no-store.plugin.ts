import type { BaseContext } from '@apollo/server';
import type { RequestPlugin } from './request-hooks.plugin';

/**
 * No answer of the API may be kept by a browser or a proxy: each says
 * `cache-control: no-store`, as Apollo's cache-control plugin said for an
 * answer without cache hints. That plugin itself is off
 * (ApolloServerPluginCacheControlDisabled in graphql.server.ts): it timed
 * every field of every answer for hints this schema never gives.
 */
export function noStorePlugin(): RequestPlugin<BaseContext> {
  return () => ({
    willSendResponse({ response }) {
      if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
    },
  });
}
