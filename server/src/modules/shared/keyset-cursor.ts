import { DomainError } from '../../projections/domain.errors';

/** At most this many rows a page, whatever `first` asks. */
export const MAX_PAGE = 100;

/** An opaque cursor over a row's sort keys (the last row of a page): base64url of their JSON. */
export function encodeKeyset(keys: (string | null)[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/** The sort keys of a cursor this API gave, or BAD_USER_INPUT on `after`. */
export function decodeKeyset(cursor: string, length: number): string[] {
  try {
    const keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(keys) && keys.length === length && keys.every((key) => typeof key === 'string'))
      return keys;
  } catch {
    // not JSON: answered below
  }
  throw new DomainError('BAD_USER_INPUT', 'after: not a cursor this list gave', 'after');
}

export function requireFirst(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
    throw new DomainError('BAD_USER_INPUT', `first: must be between 1 and ${MAX_PAGE}`, 'first');
  return first;
}

/** A search term for ILIKE: trimmed, its wildcards escaped; null when empty. */
export function likePattern(search: string | null | undefined): string | null {
  const trimmed = (search ?? '').trim();
  if (!trimmed) return null;
  if (trimmed.length > 200)
    throw new DomainError('BAD_USER_INPUT', 'search: at most 200 characters', 'search');
  return `%${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The page of `rows` (fetched first + 1), its edges and whether more follow. */
export function pageOf<R, N>(
  rows: R[],
  first: number,
  keys: (row: R) => (string | null)[],
  node: (row: R) => N,
): { edges: { cursor: string; node: N }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } {
  const edges = rows.slice(0, first).map((row) => ({ cursor: encodeKeyset(keys(row)), node: node(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      endCursor: edges.length ? edges[edges.length - 1].cursor : null,
    },
  };
}
