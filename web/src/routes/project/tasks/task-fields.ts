import type { CombinedError } from '@urql/core';
import { errorCode } from '../../../lib/urql';

/**
 * A refused change split for a form: BAD_USER_INPUT naming one of the form's
 * fields (extensions.field, "input.title" → "title") goes next to that field,
 * with the server's words after the field's label; anything else is the
 * form's own error.
 */
export function splitError(
  error: CombinedError | undefined,
  labels: Record<string, string>,
): { fields: Record<string, string>; general: CombinedError | undefined } {
  const first = error?.graphQLErrors[0];
  const field = first?.extensions?.field;
  if (!error || errorCode(error) !== 'BAD_USER_INPUT' || typeof field !== 'string')
    return { fields: {}, general: error };
  const name = field.replace(/^input\./, '');
  const label = labels[name];
  if (!label) return { fields: {}, general: error };
  // "input.title: must be at most 200 characters (got 201)" → "Title must be at most 200 characters (got 201)."
  const reason = first!.message.replace(/^[\w.]+:\s*/, '');
  return { fields: { [name]: `${label} ${reason}.` }, general: undefined };
}

/** The yyyy-mm-dd a date input shows for a due date (stored as midnight UTC of that day). */
export function dueDateInput(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

/** What the server takes for a date input's value: midnight UTC of that day, or null for none. */
export function dueDateValue(input: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(input) ? `${input}T00:00:00.000Z` : null;
}

/** Past its day (the contact's today) and not done. */
export function isOverdue(iso: string | null | undefined, done: boolean, now = new Date()): boolean {
  if (!iso || done) return false;
  const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
    .map((part, i) => String(part).padStart(i === 0 ? 4 : 2, '0'))
    .join('-');
  return dueDateInput(iso) < today;
}
