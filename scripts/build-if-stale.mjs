// Builds what is missing or older than its sources: the portal (web/), the
// members' console (web/console/, which shares web/src) and the GraphQL
// playground (playground/) with Vite, and the server (server/src/ and
// migrations/) compiled to JavaScript with swc into dist/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time under `path`, folders included (a file removed changes its folder's). */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const newestOf = (root, paths) =>
  Math.max(
    ...paths
      .map((path) => join(root, path))
      .filter(existsSync)
      .map(newest),
  );

/** Runs a tool of node_modules with this Node; output to `stdio` (stderr for commands whose stdout is read). */
function run(root, tool, args, stdio) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', ...tool), ...args], {
    cwd: root,
    stdio: ['ignore', stdio, 'inherit'],
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Each app and the sources it is built from (the console shares the portal's web/src). */
const APPS = [
  { app: 'web', sources: ['web/src', 'web/index.html'] },
  { app: 'web/console', sources: ['web/console/src', 'web/console/index.html', 'web/src'] },
  { app: 'playground', sources: ['playground/src'] },
];

export function buildPagesIfStale(root, { force = false } = {}) {
  for (const { app, sources } of APPS) {
    const built = join(root, app, 'dist', 'index.html');
    if (!force && existsSync(built) && statSync(built).mtimeMs >= newestOf(root, sources)) continue;
    run(root, ['vite', 'bin', 'vite.js'], ['build', app, '--logLevel', 'warn'], 'inherit');
  }
}

/** What the compiled server is made from. */
const SERVER_SOURCES = ['server/src', 'migrations', 'server/swc.build.json'];
/** Written last by a build that succeeded: its time is the build's. */
const SERVER_STAMP = join('dist', '.built');

/** True when dist/ is missing or older than a source of the server (false where there are no sources: an image). */
export function serverIsStale(root) {
  if (!existsSync(join(root, 'server', 'src'))) return false;
  const stamp = join(root, SERVER_STAMP);
  return !existsSync(stamp) || statSync(stamp).mtimeMs < newestOf(root, SERVER_SOURCES);
}

/**
 * Compiles server/src and migrations/ (tests, fixtures and declarations left
 * out) into dist/server/src and dist/migrations, with source maps, the swc
 * settings the tests run with (server/swc.build.json: decorator metadata for
 * type-graphql and TypeORM). Built beside dist/ and swapped in whole, so a
 * process starting meanwhile never loads half of one build and half of another.
 */
export function buildServer(root, { stdio = 'inherit' } = {}) {
  if (!existsSync(join(root, 'node_modules', '@swc', 'cli'))) {
    process.stderr.write(
      'the server is not built and cannot be here: run npm install (with dev dependencies), then npm run build\n',
    );
    process.exit(1);
  }
  const next = join(root, `dist.building-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next);
  run(
    root,
    ['@swc', 'cli', 'bin', 'swc.js'],
    [
      'server/src',
      'migrations',
      '--out-dir',
      next,
      '--config-file',
      'server/swc.build.json',
      '--ignore',
      '**/*.spec.ts,**/*.int-spec.ts,server/src/test/**,**/*.d.ts',
      '--quiet',
    ],
    stdio,
  );
  writeFileSync(join(next, '.built'), `${new Date().toISOString()}\n`);
  const dist = join(root, 'dist');
  const old = join(root, `dist.old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
}

export function buildServerIfStale(root, options) {
  if (serverIsStale(root)) buildServer(root, options);
}

/** npm start and npm test: everything that is stale. */
export function buildIfStale(root) {
  buildPagesIfStale(root);
  buildServerIfStale(root);
}
