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

  const load = async (after: string | null) => {
    const mine = ++generation;
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
    setItems((before) => (after ? [...before, ...nodes] : nodes));
    setCursor(page.pageInfo.endCursor);
    setHasMore(page.pageInfo.hasNextPage);
  };

  createEffect(on(variables, () => void load(null)));
  return {
    items,
    hasMore,
    loading,
    error,
    loadMore: () => load(cursor()),
    reload: () => load(null),
  };
}
