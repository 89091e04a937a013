import { createHash } from 'node:crypto';
import {
  buildSchema,
  execute,
  getOperationAST,
  GraphQLError,
  GraphQLScalarType,
  parse,
  type ExecutionResult,
  type GraphQLSchema,
  type GraphQLUnionType,
} from 'graphql';
import { CompiledQueryExecutor } from './jit.executor';

/**
 * The executor against graphql-js's own execute on a small schema whose
 * resolvers fail in every way one can: the same data, and errors alike in
 * what Apollo and formatError read (message, locations, path, extensions,
 * nodes, originalError).
 */
function schemaWithResolvers(): GraphQLSchema {
  const schema = buildSchema(`
    scalar Odd
    union Thing = Book | Film
    type Book { title: String! }
    type Film { title: String! minutes: Int }
    type Item { id: ID! name: String! note: String }
    type Query {
      hello: String
      items: [Item!]!
      item(id: ID!): Item
      throwsString: String
      located: String
      nullLeaf: Odd
      thing(film: Boolean!): Thing
      asyncThing: Thing
      wrapper: Wrapper
    }
    type Wrapper { a: String! b: String! inner: Item }
    type Mutation { first: String! second: String }
  `);
  const resolvers: Record<
    string,
    Record<string, (root: unknown, args: { id?: unknown; film?: boolean }) => unknown>
  > = {
    Query: {
      hello: () => 'world',
      items: () => [
        { id: 1, name: 'one', note: null },
        { id: 2, name: null, note: 'no name' },
        { id: 3, name: () => Promise.reject(new Error('name failed')), note: 'x' },
      ],
      item: (_root, { id }) => ({ id, name: `item ${id}`, note: Promise.reject(new Error('note failed')) }),
      throwsString: () => {
        throw 'a string';
      },
      located: () => {
        throw new GraphQLError('already located', { path: ['elsewhere'], extensions: { code: 'KEPT' } });
      },
      nullLeaf: () => 'anything',
      thing: (_root, { film }) => (film ? { title: 'Film', minutes: 90 } : { title: 'Book' }),
      asyncThing: () => ({ title: 'Book' }),
      wrapper: () => ({
        a: () => {
          throw new GraphQLError('a failed', { extensions: { code: 'FORBIDDEN' } });
        },
        b: () => Promise.reject(new Error('b failed')),
        inner: { id: 'i', name: 'inner', note: null },
      }),
    },
    Mutation: {
      first: () => {
        throw new Error('first refused');
      },
      second: () => 'second ran',
    },
  };
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName) as { getFields(): Record<string, { resolve?: unknown }> };
    for (const [name, resolve] of Object.entries(fields)) type.getFields()[name].resolve = resolve;
  }
  for (const name of ['Item', 'Wrapper']) {
    const type = schema.getType(name) as { getFields(): Record<string, { resolve?: unknown }> };
    for (const field of Object.values(type.getFields()))
      field.resolve = (
        source: Record<string, unknown>,
        _args: unknown,
        _ctx: unknown,
        info: { fieldName: string },
      ) => {
        const value = source[info.fieldName];
        return typeof value === 'function' ? value() : value;
      };
  }
  Object.assign(schema.getType('Odd') as GraphQLScalarType, { serialize: () => null });
  (schema.getType('Thing') as GraphQLUnionType).resolveType = (value: { minutes?: number }) =>
    'minutes' in value ? 'Film' : 'Book';
  return schema;
}

function run(executor: CompiledQueryExecutor, query: string, variables?: Record<string, unknown>) {
  const document = parse(query);
  return executor.execute({
    document,
    operation: getOperationAST(document)!,
    request: { query, variables },
    queryHash: createHash('sha256').update(query).digest('hex'),
    context: {},
  } as unknown as Parameters<CompiledQueryExecutor['execute']>[0]);
}

/** What Apollo, formatError and the metrics read of an error. */
function describeErrors(result: ExecutionResult) {
  return result.errors?.map((error) => ({
    json: error.toJSON(),
    isGraphQLError: error instanceof GraphQLError,
    nodes: error.nodes?.map((node) => node.kind),
    original: error.originalError && {
      kind: error.originalError.constructor.name,
      message: error.originalError.message,
    },
  }));
}

async function expectAsGraphqlJs(
  executor: CompiledQueryExecutor,
  query: string,
  variables?: Record<string, unknown>,
) {
  const compiled = await run(executor, query, variables);
  const reference = await execute({
    schema: executor['schema'],
    document: parse(query),
    variableValues: variables,
    contextValue: {},
  });
  expect(JSON.stringify(compiled.data)).toBe(JSON.stringify(reference.data));
  expect(describeErrors(compiled)).toEqual(describeErrors(reference));
  return compiled;
}

describe('CompiledQueryExecutor', () => {
  const schema = schemaWithResolvers();

  it('answers as graphql-js does, compiling each document once', async () => {
    const executor = new CompiledQueryExecutor(schema);
    for (let i = 0; i < 2; i++) await expectAsGraphqlJs(executor, '{ hello __typename }');
    expect(executor.stats).toEqual({ compiledRuns: 2, graphqlJsRuns: 0, compilations: 1, notCompiled: 0 });
  });

  it('locates errors as graphql-js does: nullable and non-null fields, list items, thrown strings, located errors', async () => {
    const executor = new CompiledQueryExecutor(schema);
    await expectAsGraphqlJs(executor, '{ items { id name note } }');
    await expectAsGraphqlJs(executor, '{ item(id: 7) { id name note } hello }');
    await expectAsGraphqlJs(executor, '{ throwsString hello }');
    await expectAsGraphqlJs(executor, '{ located }');
    await expectAsGraphqlJs(executor, '{ wrapper { inner { id } a } }');
    expect(executor.stats.graphqlJsRuns).toBe(0);
  });

  it('one error for a parent nulled by several non-null fields', async () => {
    const executor = new CompiledQueryExecutor(schema);
    const result = await expectAsGraphqlJs(executor, '{ wrapper { a b inner { id } } hello }');
    expect(result.errors).toHaveLength(1);
  });

  it('a leaf whose serialize returns null is an error', async () => {
    const executor = new CompiledQueryExecutor(schema);
    const result = await expectAsGraphqlJs(executor, '{ nullLeaf }');
    expect(result.errors?.[0].message).toMatch(/to return non-nullable value/);
  });

  it('a union with a synchronous resolveType is compiled; an async one runs on graphql-js', async () => {
    const executor = new CompiledQueryExecutor(schema);
    const query =
      '{ a: thing(film: true) { __typename ... on Film { minutes } } b: thing(film: false) { ... on Book { title } } }';
    await expectAsGraphqlJs(executor, query);
    expect(executor.stats.compiledRuns).toBe(1);

    const asyncSchema = schemaWithResolvers();
    (asyncSchema.getType('Thing') as GraphQLUnionType).resolveType = async () => 'Book';
    const fallback = new CompiledQueryExecutor(asyncSchema);
    await expectAsGraphqlJs(fallback, '{ asyncThing { __typename } }');
    await expectAsGraphqlJs(fallback, '{ hello }');
    expect(fallback.stats).toEqual({ compiledRuns: 1, graphqlJsRuns: 1, compilations: 2, notCompiled: 1 });
  });

  it('variables that do not coerce get graphql-js errors, with the variable node Apollo reads', async () => {
    const executor = new CompiledQueryExecutor(schema);
    const result = await expectAsGraphqlJs(executor, 'query($id: ID!) { item(id: $id) { id } }', { id: 1.5 });
    expect(result.errors?.[0].nodes?.[0].kind).toBe('VariableDefinition');
    expect(executor.stats.graphqlJsRuns).toBe(1);
  });

  it('a mutation of several fields runs on graphql-js (none after a failed non-null one); of one, compiled', async () => {
    const executor = new CompiledQueryExecutor(schema);
    await expectAsGraphqlJs(executor, 'mutation { first second }');
    expect(executor.stats.graphqlJsRuns).toBe(1);
    await expectAsGraphqlJs(executor, 'mutation { second }');
    expect(executor.stats.compiledRuns).toBe(1);
  });

  it('keeps at most maxEntries documents, the least recently used going first', async () => {
    const executor = new CompiledQueryExecutor(schema, 2);
    for (const query of [
      '{ hello }',
      '{ a: hello }',
      '{ hello }',
      '{ b: hello }',
      '{ hello }',
      '{ a: hello }',
    ])
      await run(executor, query);
    // '{ a: hello }' was dropped for '{ b: hello }' and compiled again; '{ hello }' stayed.
    expect(executor.stats.compilations).toBe(4);
  });
});
