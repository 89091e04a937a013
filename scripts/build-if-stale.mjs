// Builds the portal (web/), the members' console (web/console/) and the GraphQL playground (playground/) with Vite
// when their dist is missing or older than their sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Each app and the sources it is built from (the console shares the portal's web/src). */
const APPS = [
  { app: 'web', sources: ['web/src', 'web/index.html'] },
  { app: 'web/console', sources: ['web/console/src', 'web/console/index.html', 'web/src'] },
  { app: 'playground', sources: ['playground/src'] },
];

const mtime = (path) => (statSync(path).isDirectory() ? newest(path) : statSync(path).mtimeMs);

export function buildIfStale(root) {
  for (const { app, sources } of APPS) {
    const built = join(root, app, 'dist', 'index.html');
    const latest = Math.max(...sources.map((source) => mtime(join(root, source))));
    if (existsSync(built) && statSync(built).mtimeMs >= latest) continue;
    const build = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', app, '--logLevel', 'warn'],
      { cwd: root, stdio: 'inherit' },
    );
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}
