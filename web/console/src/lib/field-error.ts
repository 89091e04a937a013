import type { CombinedError } from '@urql/core';

/**
 * The server's words for a field it refused (extensions.field), shown next to
 * that field: "input.email: … is not an email address" → "… is not an email
 * address". `fields` matches the exact path or any path under it.
 */
export function fieldError(error: CombinedError | undefined, ...fields: string[]): string | undefined {
  const first = error?.graphQLErrors[0];
  const field = first?.extensions?.field;
  if (typeof field !== 'string') return undefined;
  if (!fields.some((name) => field === name || field.startsWith(`${name}.`))) return undefined;
  return first!.message.replace(/^[\w.]+: /, '');
}

/** An error that names no field the form shows: said above the form instead. */
export function formError(error: CombinedError | undefined, shown: string[]): CombinedError | undefined {
  if (!error) return undefined;
  const field = error.graphQLErrors[0]?.extensions?.field;
  if (typeof field === 'string' && shown.some((name) => field === name || field.startsWith(`${name}.`)))
    return undefined;
  return error;
}

/** The server's words for exactly this field, not one under it: a list's own refusal, apart from its items'. */
export function ownFieldError(error: CombinedError | undefined, field: string): string | undefined {
  return error?.graphQLErrors[0]?.extensions?.field === field ? fieldError(error, field) : undefined;
}
