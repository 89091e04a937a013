import { types } from 'node:util';
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  BREAK,
  execute,
  getNamedType,
  getVariableValues,
  GraphQLError,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  printSchema,
  SchemaMetaFieldDef,
  TypeInfo,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
// graphql-js's own rendering of a value in its messages (not re-exported from 'graphql').
import { inspect } from 'graphql/jsutils/inspect';
import { compileQuery, isCompiledQuery, type CompiledQuery, type CompilerOptions } from 'graphql-jit';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayExecutor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;
type GatewayRequestContext = Parameters<GatewayExecutor>[0];

/** A document as graphql-jit compiled it, or null: it runs on graphql-js. */
interface Compiled {
  query: CompiledQuery | null;
  /** The document's nodes by where they start ("line:column"), made when an error first needs them. */
  nodesAt?: Map<string, ASTNode>;
}

/** How many operations each executor ran, and how many documents were compiled (for tests and the bench). */
export interface CompiledExecutorStats {
  compiledRuns: number;
  graphqlJsRuns: number;
  compilations: number;
  /** Documents graphql-jit could not compile, or that select a type it does not resolve as graphql-js does. */
  notCompiled: number;
}

/**
 * Queries and mutations over HTTP, each document compiled once by graphql-jit
 * into a function of its own (no walk of the AST per request), with the same
 * answers as graphql-js's execute. Apollo still parses, validates (armor's
 * rules too), resolves the operation and runs every plugin around it: this
 * is only the execution, given to Apollo as the executor of a gateway
 * (Apollo Server's one hook for that) that serves this very schema.
 *
 * Where graphql-jit's results would differ, graphql-js runs instead:
 * - no operation (an unknown operationName), and subscriptions: graphql-js's own errors and rules;
 * - variables graphql-js would refuse: its errors (the messages and the variable's node, which
 *   Apollo reads to answer BAD_USER_INPUT with 400) are graphql-js's, and no resolver runs with
 *   values graphql-js would not have given; variables graphql-jit refuses, likewise;
 * - a mutation of several root fields: graphql-js runs none after one whose non-null result
 *   failed, graphql-jit ran them all (a client created though the answer said data: null);
 * - a document that does not compile, or that selects an abstract type whose resolveType is an
 *   async function (graphql-jit calls resolveType without awaiting it; type-graphql makes every
 *   resolveType async, hence the Viewer union's own, schema.ts), or an object type with isTypeOf
 *   (graphql-jit gives it neither context nor info).
 * And graphql-jit's answers are made graphql-js's:
 * - its errors become GraphQLErrors located as graphql-js's locatedError() makes them (the
 *   field's nodes, path, originalError, extensions from it): Apollo masked every error without
 *   extensions of its own as "Internal server error", refused commands included;
 * - of the non-null errors that null the same nullable parent, the first only (graphql-js stops
 *   at it; graphql-jit listed each);
 * - a leaf whose serialize returns null is an error (graphql-jit answered null).
 *
 * Known remaining differences, where graphql-jit does not say enough to undo them: with several
 * errors, their order (graphql-jit lists those of nullable fields first, graphql-js as they
 * happen); after a non-null field throws at once, graphql-js does not run the fields after it in
 * that selection, graphql-jit does (their values are dropped; an error of a nullable one among
 * them is listed); once a non-null error nulls the whole data, graphql-jit lists no later
 * non-null error, even one under another nullable parent. Literal arguments are compiled into
 * the function as JSON (Dates kept): fine for this schema's scalars (DateTime).
 */
export class CompiledQueryExecutor {
  readonly stats: CompiledExecutorStats = {
    compiledRuns: 0,
    graphqlJsRuns: 0,
    compilations: 0,
    notCompiled: 0,
  };
  /** By queryHash and operationName, least recently used first. */
  private readonly cache = new Map<string, Compiled>();
  /** Types whose values graphql-jit does not complete as graphql-js does (see above). */
  private readonly unsafeTypes = new Set<string>();
  private readonly options: Partial<CompilerOptions>;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxEntries = 1000,
  ) {
    const serializers: CompilerOptions['customSerializers'] = {};
    for (const type of Object.values(schema.getTypeMap())) {
      if (isAbstractType(type) && (!type.resolveType || types.isAsyncFunction(type.resolveType)))
        this.unsafeTypes.add(type.name);
      if (isObjectType(type) && type.isTypeOf) this.unsafeTypes.add(type.name);
      if (isLeafType(type))
        serializers[type.name] = (value: unknown) => {
          const serialized = type.serialize(value);
          // graphql-js's completeLeafValue; graphql-jit takes null as a value.
          if (serialized == null)
            throw new Error(
              `Expected \`${inspect(type)}.serialize(${inspect(value)})\` to return non-nullable value, returned: ${inspect(serialized)}`,
            );
          return serialized;
        };
    }
    // Apollo serializes the answer itself; leaves are serialized as graphql-js does, by the type.
    this.options = {
      customJSONSerializer: false,
      disableLeafSerialization: false,
      customSerializers: serializers,
    };
  }

  /** The gateway to give Apollo Server (`gateway:` instead of `schema:`): this schema, executed here. */
  gateway(): Gateway {
    const listeners = new Set<Parameters<Gateway['onSchemaLoadOrUpdate']>[0]>();
    return {
      onSchemaLoadOrUpdate: (callback) => {
        listeners.add(callback);
        return () => listeners.delete(callback);
      },
      load: async () => {
        const coreSupergraphSdl = printSchema(this.schema);
        for (const listener of listeners) listener({ apiSchema: this.schema, coreSupergraphSdl });
        return { executor: (requestContext) => this.execute(requestContext) };
      },
      stop: async () => {
        this.cache.clear();
      },
    };
  }

  async execute(requestContext: GatewayRequestContext): Promise<ExecutionResult> {
    const { document, operation, request, queryHash } = requestContext;
    const contextValue = requestContext.context;
    const variables = request.variables ?? {};
    const graphqlJs = async () => {
      this.stats.graphqlJsRuns++;
      return execute({
        schema: this.schema,
        document,
        contextValue,
        variableValues: request.variables,
        operationName: request.operationName,
      });
    };
    if (!operation || operation.operation === 'subscription' || severalMutations(operation))
      return graphqlJs();
    const compiled = this.compiled(queryHash, request.operationName, document);
    if (!compiled.query) return graphqlJs();
    if (operation.variableDefinitions?.length) {
      const coerced = getVariableValues(this.schema, operation.variableDefinitions, variables, {
        maxErrors: 50,
      });
      if (coerced.errors) return graphqlJs();
    }
    const result = await compiled.query.query(undefined, contextValue, variables);
    // No data: graphql-jit refused the variables before any resolver ran.
    if (result.data === undefined) return graphqlJs();
    this.stats.compiledRuns++;
    if (!result.errors) return result;
    const errors = this.firstPerNullableParent(result.errors, operation, document);
    return { ...result, errors: errors.map((error) => this.located(error, compiled, document)) };
  }

  /**
   * The errors graphql-js would have listed: of the errors of non-null fields (or list items)
   * that null the same nullable parent, the first only. graphql-js stops at the first (the
   * object's or list's other values are no longer awaited); graphql-jit lists every one.
   */
  private firstPerNullableParent(
    errors: readonly GraphQLError[],
    operation: OperationDefinitionNode,
    document: DocumentNode,
  ): readonly GraphQLError[] {
    if (errors.length < 2) return errors;
    const nulled = new Set<string>();
    return errors.filter((error) => {
      const path = error.path;
      if (!path?.length) return true;
      const nullable = nullabilityAlong(this.schema, operation, document, path);
      if (!nullable || nullable[nullable.length - 1]) return true;
      // The nearest nullable parent (the error's own position is non-null); -1: the data itself.
      const parent = nullable.lastIndexOf(true);
      const key = JSON.stringify(path.slice(0, parent + 1));
      if (nulled.has(key)) return false;
      nulled.add(key);
      return true;
    });
  }

  private compiled(queryHash: string, operationName: string | undefined, document: DocumentNode): Compiled {
    const key = `${queryHash}\n${operationName ?? ''}`;
    let compiled = this.cache.get(key);
    if (compiled) {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, compiled);
      return compiled;
    }
    this.stats.compilations++;
    compiled = { query: this.selectsUnsafeType(document) ? null : this.compile(document, operationName) };
    if (!compiled.query) this.stats.notCompiled++;
    this.cache.set(key, compiled);
    if (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    return compiled;
  }

  private compile(document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
    try {
      const query = compileQuery(this.schema, document, operationName, this.options);
      return isCompiledQuery(query) ? query : null;
    } catch {
      return null;
    }
  }

  private selectsUnsafeType(document: DocumentNode): boolean {
    if (!this.unsafeTypes.size) return false;
    const typeInfo = new TypeInfo(this.schema);
    let unsafe = false;
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field: () => {
          const type = typeInfo.getType();
          if (type && this.unsafeTypes.has(getNamedType(type).name)) {
            unsafe = true;
            return BREAK;
          }
          return undefined;
        },
      }),
    );
    return unsafe;
  }

  /** graphql-jit's error as graphql-js's locatedError(error, fieldNodes, path) makes it. */
  private located(error: GraphQLError, compiled: Compiled, document: DocumentNode): GraphQLError {
    const original: unknown = error.originalError;
    // A located error (it has a path) is kept as it is.
    if (original instanceof GraphQLError && Array.isArray(original.path)) return original;
    const cause =
      original instanceof Error
        ? original
        : original === undefined
          ? // graphql-jit's own errors (a null for a non-null field, a leaf that does not serialize)
            // carry no original; graphql-js throws an Error and locates it.
            new Error(error.message)
          : new NonErrorThrown(original);
    compiled.nodesAt ??= nodesByStart(document);
    const nodes = (error.locations ?? []).flatMap(
      (at) => compiled.nodesAt!.get(`${at.line}:${at.column}`) ?? [],
    );
    const located = new GraphQLError(cause.message, {
      nodes: cause instanceof GraphQLError && cause.nodes ? cause.nodes : nodes,
      source: cause instanceof GraphQLError ? cause.source : undefined,
      positions: cause instanceof GraphQLError ? cause.positions : undefined,
      path: error.path,
      originalError: cause,
    });
    // Nodes not found (a document without locations): graphql-jit's locations, as they were.
    if (!located.locations && error.locations)
      Object.defineProperty(located, 'locations', { value: error.locations, enumerable: true });
    return located;
  }
}

/** What graphql-js makes of a thrown value that is not an Error (its toError()). */
class NonErrorThrown extends Error {
  constructor(readonly thrownValue: unknown) {
    super(`Unexpected error value: ${inspect(thrownValue)}`);
    this.name = 'NonErrorThrown';
  }
}

/**
 * A mutation of several root fields (or fragments): graphql-js runs them one after the other and
 * none after one whose non-null result failed; graphql-jit runs every one.
 */
function severalMutations(operation: OperationDefinitionNode): boolean {
  const selections = operation.selectionSet.selections;
  return operation.operation === 'mutation' && (selections.length > 1 || selections[0]?.kind !== Kind.FIELD);
}

/**
 * Whether each position along `path` (a field's value, a list's item) may be null, read from the
 * operation's selections and the schema; undefined when the path does not follow them.
 */
function nullabilityAlong(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  document: DocumentNode,
  path: readonly (string | number)[],
): boolean[] | undefined {
  const root = schema.getRootType(operation.operation);
  if (!root) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  let type: GraphQLOutputType = root;
  let sets: Selected[] = [{ set: operation.selectionSet, parent: root }];
  const nullable: boolean[] = [];
  for (const key of path) {
    if (typeof key === 'number') {
      const list: GraphQLOutputType = isNonNullType(type) ? type.ofType : type;
      if (!isListType(list)) return undefined;
      type = list.ofType as GraphQLOutputType;
    } else {
      const fields: { node: FieldNode; type: GraphQLOutputType }[] = [];
      for (const selected of sets) fieldsNamed(schema, fragments, selected, key, fields, new Set());
      if (!fields.length) return undefined;
      type = fields[0].type;
      const named = getNamedType(type);
      sets = isCompositeType(named)
        ? fields.flatMap(({ node }) => (node.selectionSet ? [{ set: node.selectionSet, parent: named }] : []))
        : [];
    }
    nullable.push(!isNonNullType(type));
  }
  return nullable;
}

interface Selected {
  set: SelectionSetNode;
  parent: GraphQLCompositeType;
}

/** The fields of a selection set (through its fragments) answered under `key`, with their types. */
function fieldsNamed(
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  { set, parent }: Selected,
  key: string,
  found: { node: FieldNode; type: GraphQLOutputType }[],
  visited: Set<string>,
): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if ((selection.alias ?? selection.name).value !== key) continue;
      const name = selection.name.value;
      const definition =
        name === TypeNameMetaFieldDef.name
          ? TypeNameMetaFieldDef
          : name === SchemaMetaFieldDef.name
            ? SchemaMetaFieldDef
            : name === TypeMetaFieldDef.name
              ? TypeMetaFieldDef
              : isObjectType(parent) || isInterfaceType(parent)
                ? parent.getFields()[name]
                : undefined;
      if (definition) found.push({ node: selection, type: definition.type });
      continue;
    }
    const fragment =
      selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
    if (!fragment) continue;
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      if (visited.has(selection.name.value)) continue;
      visited.add(selection.name.value);
    }
    const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
    if (!isCompositeType(condition)) continue;
    fieldsNamed(schema, fragments, { set: fragment.selectionSet, parent: condition }, key, found, visited);
  }
}

/** Every node of the document by the line and column where it starts; the outermost where several do. */
function nodesByStart(document: DocumentNode): Map<string, ASTNode> {
  const nodes = new Map<string, ASTNode>();
  visit(document, {
    enter(node) {
      if (!node.loc) return;
      const key = `${node.loc.startToken.line}:${node.loc.startToken.column}`;
      if (!nodes.has(key)) nodes.set(key, node);
    },
  });
  return nodes;
}
