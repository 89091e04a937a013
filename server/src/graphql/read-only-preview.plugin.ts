import { GraphQLError } from 'graphql';
import type { GraphQLContext } from './context';
import type { RequestPlugin } from './request-hooks.plugin';

export const PREVIEW_IS_READ_ONLY = 'A preview is read-only: nothing is done as the client.';

/** A member's preview of the portal reads as the contact and changes nothing: every mutation is refused before it runs. */
export function readOnlyPreviewPlugin(): RequestPlugin<GraphQLContext> {
  return () => ({
    didResolveOperation({ operation, contextValue }) {
      const viewer = contextValue.viewer;
      if (operation?.operation !== 'mutation' || viewer?.kind !== 'CONTACT' || !viewer.previewBy) return;
      throw new GraphQLError(PREVIEW_IS_READ_ONLY, {
        extensions: { code: 'FORBIDDEN', http: { status: 200 } },
      });
    },
  });
}
