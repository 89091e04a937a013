import { parse } from 'graphql';
import { GRAPHQL_RESPONSE_JSON, preferredGraphQLMediaType } from './http-status.plugin';
import { asksForSchema } from './introspection.plugin';

describe('the media type a GraphQL answer gets, as Apollo Server chooses it', () => {
  it.each([
    [undefined, 'application/json'],
    ['application/json', 'application/json'],
    [GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON],
    ['*/*', 'application/json'],
    [`application/json, ${GRAPHQL_RESPONSE_JSON}`, 'application/json'],
    [`application/json;q=0.9, ${GRAPHQL_RESPONSE_JSON}`, GRAPHQL_RESPONSE_JSON],
    [`${GRAPHQL_RESPONSE_JSON};q=0.5, application/*;q=0.9`, 'application/json'],
    ['text/html', null],
    ['application/json;q=0', null],
  ])('Accept %s → %s', (accept, type) => {
    expect(preferredGraphQLMediaType(accept)).toBe(type);
  });
});

describe('what counts as introspection', () => {
  it.each([
    ['{ __schema { types { name } } }', true],
    ['{ a: __type(name: "Query") { name } }', true],
    ['{ viewer { ... on MemberViewer { __type: name } } }', false],
    ['query { __typename viewer { __typename } }', false],
    ['fragment F on Query { __schema { queryType { name } } } { ...F }', true],
  ])('%s → %s', (query, expected) => {
    expect(asksForSchema(parse(query))).toBe(expected);
  });
});
