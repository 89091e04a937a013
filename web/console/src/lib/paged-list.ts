import type { AnyVariables, CombinedError, DocumentInput } from '@urql/core';
import { useClient } from '@urql/solid';
import { createEffect, createSignal, on, type Accessor } from 'solid-js';

export interface Page<N> {
  edges: { node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface PagedList<N> {
  items: Accessor<N[]>;
  hasMore: Accessor<boolean>;
  loading: Accessor<boolean>;
  error: Accessor<CombinedError | undefined>;
  /** The next page, by the last page's cursor. */
  loadMore(): Promise<void>;
  /** From the first page again (after a change, or new filters). */
  reload(): Promise<void>;
  /**
   * The first page again on top of what is shown, the older pages loaded
   * kept below it and none twice (by `key`): newer items arrived (live).
   */
  refreshFirst(key: (node: N) => string): Promise<void>;
}

/**
 * `first` (the newest page), then the items of `shown` it does not hold; null
 * when they do not meet (more new items than a page: what is between is
 * unknown, start again from `first`).
 */
export function onTopOf<N>(first: readonly N[], shown: readonly N[], key: (node: N) => string): N[] | null {
  const fresh = new Set(first.map(key));
  const rest = shown.filter((node) => !fresh.has(key(node)));
  if (rest.length === shown.length && shown.length && first.length) return null;
  return [...first, ...rest];
}

/**
 * A list read a page at a time by its cursor, from the network (never a
 * whole workspace at once); `variables` is reactive: a change starts again
 * from the first page.
 */
export function createPagedList<Data, Vars extends AnyVariables, N>(
  query: DocumentInput<Data, Vars>,
  variables: Accessor<Omit<Vars, 'after'>>,
  pick: (data: Data) => Page<N>,
): PagedList<N> {
  const client = useClient();
  const [items, setItems] = createSignal<N[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [hasMore, setHasMore] = createSignal(false);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<CombinedError | undefined>();
  let generation = 0;
  /** Loads from the first page so far: a refreshFirst met by one is dropped. */
  let reloads = 0;
  /** Pages shown after the first: while there are none, refreshFirst is a reload. */
  let olderPages = 0;

  const load = async (after: string | null) => {
    const mine = ++generation;
    if (!after) reloads++;
    setLoading(true);
    const result = await client
      .query(query, { ...variables(), after } as unknown as Vars, { requestPolicy: 'network-only' })
      .toPromise();
    if (mine !== generation) return;
    setLoading(false);
    setError(result.error);
    if (!result.data) return;
    const page = pick(result.data);
    const nodes = page.edges.map((edge) => edge.node);
    olderPages = after ? olderPages + 1 : 0;
    setItems((before) => (after ? [...before, ...nodes] : nodes));
    setCursor(page.pageInfo.endCursor);
    setHasMore(page.pageInfo.hasNextPage);
  };

  const refreshFirst = async (key: (node: N) => string) => {
    if (!olderPages) return load(null);
    const mine = reloads;
    const result = await client
      .query(query, { ...variables(), after: null } as unknown as Vars, { requestPolicy: 'network-only' })
      .toPromise();
    // Started again from the first page since: that one is newer.
    if (mine !== reloads || !result.data) return;
    const nodes = pick(result.data).edges.map((edge) => edge.node);
    const joined = onTopOf(nodes, items(), key);
    if (!joined) return load(null);
    setItems(joined);
  };

  createEffect(on(variables, () => void load(null)));
  return {
    items,
    hasMore,
    loading,
    error,
    loadMore: () => load(cursor()),
    reload: () => load(null),
    refreshFirst,
  };
}
