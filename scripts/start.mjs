// npm start: builds the pages when they are missing or stale, then runs
// migrations, the API and the workers in one process (server/src/start.ts).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';

const root = join(import.meta.dirname, '..');
buildIfStale(root);

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
