// npm run start:api / start:worker / migrate / cli: runs an entry point of the
// compiled server (dist/server/src/NAME.js) in this process, never TypeScript.
// In a checkout whose sources are newer than dist/, it compiles them first
// (swc, a second or two; its output on stderr, so a command's stdout stays
// its own); where there are no sources (the Docker image) it just runs.
// Usage: node scripts/run.mjs main|worker|cli|start [ARGS…]
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildServerIfStale } from './build-if-stale.mjs';

const ENTRIES = ['main', 'worker', 'cli', 'start'];
const root = join(import.meta.dirname, '..');
const [name, ...args] = process.argv.slice(2);
if (!ENTRIES.includes(name)) {
  process.stderr.write(`usage: node scripts/run.mjs ${ENTRIES.join('|')} [ARGS…]\n`);
  process.exit(2);
}

buildServerIfStale(root, { stdio: process.stderr });
const entry = join(root, 'dist', 'server', 'src', `${name}.js`);
if (!existsSync(entry)) {
  process.stderr.write(`${entry} is missing: run npm run build first\n`);
  process.exit(1);
}
// Stack traces name the TypeScript lines (the build writes source maps).
process.setSourceMapsEnabled(true);
// The entry point reads its arguments as if it had been started itself: node dist/server/src/NAME.js ARGS…
process.argv = [process.argv[0], entry, ...args];
createRequire(import.meta.url)(entry);
