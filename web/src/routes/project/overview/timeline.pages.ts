import type { TimelineEdge, TimelinePageInfo } from './overview.queries';

/** What is known past an entry: "after `cursor`, there are more" (or not). */
export interface TimelineTail {
  cursor: string;
  hasNextPage: boolean;
}

/** `first`, then the edges of `then` it does not hold already (pages overlap once newer entries push older ones down). */
export function joinEdges(first: readonly TimelineEdge[], then: readonly TimelineEdge[]): TimelineEdge[] {
  const seen = new Set(first.map((edge) => edge.node.id));
  return [...first, ...then.filter((edge) => !seen.has(edge.node.id))];
}

/** The tail a page gives: past its last entry (or past `after` when it came back empty). */
export function tailOf(
  page: { edges: readonly TimelineEdge[]; pageInfo: TimelinePageInfo },
  after: string | null,
): TimelineTail | null {
  const cursor = page.edges.at(-1)?.cursor ?? page.pageInfo.endCursor ?? after;
  return cursor ? { cursor, hasNextPage: page.pageInfo.hasNextPage } : null;
}

/**
 * Whether older entries may follow the last one shown: the tails known tell,
 * for the entry they end at; an entry no tail ends at may have more after it.
 */
export function hasMoreAfter(
  shown: readonly TimelineEdge[],
  tails: readonly (TimelineTail | null)[],
): boolean {
  const last = shown.at(-1);
  if (!last) return false;
  const known = tails.find((tail) => tail?.cursor === last.cursor);
  return known ? known.hasNextPage : true;
}
