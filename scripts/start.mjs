// npm start: builds the portal's pages when they are missing or older than
// their sources, then runs migrations, the API and the workers in one process.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

// The portal (web/) and the GraphQL playground (playground/) are built by Vite.
for (const app of ['web', 'playground']) {
  const built = join(root, app, 'dist', 'index.html');
  if (!existsSync(built) || statSync(built).mtimeMs < newest(join(root, app, 'src'))) {
    const build = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', app, '--logLevel', 'warn'],
      { cwd: root, stdio: 'inherit' },
    );
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}

const child = spawn(
  process.execPath,
  ['-r', '@swc-node/register', join(root, 'server', 'src', 'start.ts'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
