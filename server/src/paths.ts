import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository's root (the folder of package.json), found from this file
 * whether it runs as TypeScript (server/src/) or compiled (dist/server/src/):
 * what the service reads or keeps beside its code (the built pages, .data/,
 * .env, scripts/) is named from here, never from the code's own folder.
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(__dirname);

/** Where npm start and the embedded servers keep their data. */
export const DATA_DIR = join(PROJECT_ROOT, '.data');

/** The release: package.json's name and version. */
export const RELEASE = (() => {
  const { name, version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
  return `${name}@${version}`;
})();
