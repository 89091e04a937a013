import { BREAK, GraphQLError, visit, type DocumentNode } from 'graphql';
import type { GraphQLContext } from './context';
import type { RequestPlugin } from './request-hooks.plugin';

/** What asksForSchema found, by document: Apollo parses a query once and hands the same document to each request. */
const asked = new WeakMap<DocumentNode, boolean>();

/** The document asks for the schema itself (__schema or __type; __typename is not introspection). */
export function asksForSchema(document: DocumentNode): boolean {
  const known = asked.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  asked.set(document, found);
  return found;
}

/**
 * Introspection for members only (production): a member's tools (the
 * playground, codegen) read the schema; an anonymous caller or a contact gets
 * a refusal before anything runs.
 */
export function introspectionForMembersPlugin(): RequestPlugin<GraphQLContext> {
  return () => ({
    didResolveOperation({ document, contextValue }) {
      if (contextValue.viewer?.kind === 'MEMBER' || !asksForSchema(document)) return;
      throw new GraphQLError('Introspection is for members of a workspace only.', {
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
      });
    },
  });
}
