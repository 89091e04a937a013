import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths';

export class EnvFileError extends Error {}

/**
 * Reads `.env` at the repository root into process.env (Node's own parser,
 * process.loadEnvFile: NAME=value lines, # comments, quoted values); a
 * variable already in the environment keeps its value. Tests never read it
 * (NODE_ENV=test in the environment), so a developer's .env cannot leak into them.
 */
export function loadEnvFile(file = join(PROJECT_ROOT, '.env'), env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV === 'test' || !existsSync(file)) return;
  try {
    process.loadEnvFile(file);
  } catch (error) {
    throw new EnvFileError(`.env: cannot read ${file}: ${(error as Error).message}`);
  }
}
