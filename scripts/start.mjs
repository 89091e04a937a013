// npm start: builds the pages and the server when they are missing or stale, then runs
// migrations, the API and the workers in one process: the compiled server/src/start.ts.
import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';

const root = join(import.meta.dirname, '..');
buildIfStale(root);

const child = spawn(
  process.execPath,
  ['--enable-source-maps', join(root, 'dist', 'server', 'src', 'start.js'), ...process.argv.slice(2)],
  {
    cwd: root,
    // The IPC channel closes however this process ends, SIGKILL included: the server then stops itself.
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    // Its own process group: Ctrl-C reaches this process alone, which passes the signal on once, so the
    // server stops in order (it stops the redis-server or PostgreSQL it started last, not with the terminal).
    detached: true,
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
process.on('SIGHUP', () => child.kill('SIGTERM')); // the terminal closed
// Exits with the server's code (a server killed by a signal: 128 + its number, as a shell says).
child.on('exit', (code, signal) => process.exit(code ?? 128 + (signal ? osConstants.signals[signal] : 0)));
