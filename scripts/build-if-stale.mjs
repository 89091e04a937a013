// Builds the portal (web/) and the GraphQL playground (playground/) with Vite
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

export function buildIfStale(root) {
  for (const app of ['web', 'playground']) {
    const built = join(root, app, 'dist', 'index.html');
    if (existsSync(built) && statSync(built).mtimeMs >= newest(join(root, app, 'src'))) continue;
    const build = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', app, '--logLevel', 'warn'],
      { cwd: root, stdio: 'inherit' },
    );
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}
