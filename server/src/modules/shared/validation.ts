import { DomainError } from '../../projections/domain.errors';

/** Input checks shared by the deciders; each refusal is BAD_USER_INPUT naming the field. */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function bad(field: string, message: string): DomainError {
  return new DomainError('BAD_USER_INPUT', `${field}: ${message}`, field);
}

/** A name or title: trimmed, 1 to max characters. */
export function requireName(value: string, field: string, max = 200): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw bad(field, 'must not be empty');
  if (trimmed.length > max) throw bad(field, `must be at most ${max} characters (got ${trimmed.length})`);
  return trimmed;
}

export function requireEmail(value: string, field: string): string {
  const trimmed = value.trim();
  if (trimmed.length > 254 || !EMAIL.test(trimmed))
    throw bad(field, `${JSON.stringify(value)} is not an email address`);
  return trimmed;
}

/** #rrggbb, kept in lower case. */
export function requireHexColour(value: string, field: string): string {
  if (!HEX_COLOUR.test(value))
    throw bad(field, `must be a hex colour such as #3355ff (got ${JSON.stringify(value)})`);
  return value.toLowerCase();
}

export function requireSlug(value: string, field: string): string {
  if (value.length < 3 || value.length > 40 || !SLUG.test(value)) {
    throw bad(field, 'must be 3 to 40 lower-case letters, digits and single dashes, such as acme-studio');
  }
  return value;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Free text as typed (an address, bank details): lines kept when `multiline`
 * (else refused), trailing spaces and blank ends trimmed; empty is null.
 */
export function optionalText(value: string, field: string, max: number, multiline = false): string | null {
  const cleaned = value
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
  if (cleaned === '') return null;
  if (cleaned.length > max) throw bad(field, `must be at most ${max.toLocaleString('en-US')} characters`);
  if (!multiline && cleaned.includes('\n')) throw bad(field, 'must be one line');
  return cleaned;
}
