import { parseArgs } from 'node:util';
import { UsageError } from './cli.usage';

/**
 * The --flag VALUE pairs of a command (node:util parseArgs, strict): an unknown
 * flag, a flag without its value or a missing required one is a UsageError
 * naming it.
 */
export function commandFlags<Required extends string, Optional extends string = never>(
  command: string,
  args: string[],
  required: readonly Required[],
  optional: readonly Optional[] = [],
): Record<Required, string> & Partial<Record<Optional, string>> {
  const options = Object.fromEntries(
    [...required, ...optional].map((flag) => [flag, { type: 'string' as const }]),
  );
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
  const missing = required.filter((flag) => typeof values[flag] !== 'string' || !String(values[flag]).trim());
  if (missing.length)
    throw new UsageError(`${command} needs ${missing.map((flag) => `--${flag}`).join(', ')}`);
  return values as Record<Required, string> & Partial<Record<Optional, string>>;
}
