import { createParameterDecorator } from 'type-graphql';
import type { Queryable } from '../db/queryable';
import type { Services } from '../services';
import type { GraphQLContext } from './context';
import type { RequestPlugin } from './request-hooks.plugin';
import { createLoaders, type Loaders } from './loaders';

/**
 * A context of its own for part of a response: projectAt answers a project
 * from a per-request state (a connection whose temporary tables hold the read
 * models as they stood then), with the same resolvers as `project`. The
 * objects read there carry that context under SCOPE, and the field resolvers
 * reachable from Project take @ScopedCtx() rather than @Ctx(): the root's
 * context when it carries one, the request's otherwise. No middleware on
 * every field: one property read per resolver call.
 */
const SCOPE = Symbol('scoped context');

/** Marks value (an object, a list of them, a connection's edges and nodes) as read in `scope`. */
export function tagScoped<T>(value: T, scope: GraphQLContext, depth = 3): T {
  if (depth < 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (const item of value) tagScoped(item, scope, depth);
    return value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  Object.defineProperty(value, SCOPE, { value: scope, enumerable: false, configurable: true });
  for (const child of Object.values(value))
    if (child && typeof child === 'object') tagScoped(child, scope, depth - 1);
  return value;
}

/** The context a field resolver should read with: its root's scope, else the request's. */
export function ScopedCtx() {
  return createParameterDecorator<GraphQLContext>(
    ({ root, context }) => (root as { [SCOPE]?: GraphQLContext } | undefined)?.[SCOPE] ?? context,
  );
}

function tagLoaders(loaders: Loaders, scope: GraphQLContext): Loaders {
  for (const loader of Object.values(loaders) as { load(key: unknown): Promise<unknown> }[]) {
    const load = loader.load.bind(loader);
    loader.load = (key) => load(key).then((value) => tagScoped(value, scope));
  }
  return loaders;
}

/** The request's context, reading through `db` with these services instead (the rest unchanged); what its loaders return is tagged. */
export function scopedContext(
  ctx: GraphQLContext,
  db: Queryable,
  services: Partial<Services>,
): GraphQLContext {
  const scope: GraphQLContext = { ...ctx, services: { ...ctx.services, ...services } };
  scope.loaders = tagLoaders(createLoaders(db, ctx.viewer, scope.services.timeline), scope);
  return scope;
}

const endings = new WeakMap<object, (() => Promise<void>)[]>();

/** Runs `end` when the request is answered (requestEndPlugin), error or not. */
export function onRequestEnd(ctx: GraphQLContext, end: () => Promise<void>): void {
  const list = endings.get(ctx) ?? [];
  list.push(end);
  endings.set(ctx, list);
}

export function requestEndPlugin(): RequestPlugin<GraphQLContext> {
  return () => ({
    willSendResponse({ contextValue }) {
      const list = endings.get(contextValue);
      if (!list) return;
      endings.delete(contextValue);
      return Promise.allSettled(list.map((end) => end())).then(() => undefined);
    },
  });
}
