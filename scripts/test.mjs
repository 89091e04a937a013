// npm test: every test the project has, then one plain closing line
// ("Tests: N passed, N failed, N skipped") that CI reads whatever the runner.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';

// The HTTP tests serve the built portal and playground.
buildIfStale(join(import.meta.dirname, '..'));

const dir = mkdtempSync(join(tmpdir(), 'portal-test-'));
const outputFile = join(dir, 'results.json');
const jest = spawnSync(
  process.execPath,
  ['node_modules/jest/bin/jest.js', '--ci', '--json', `--outputFile=${outputFile}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);

let line = 'Tests: 0 passed, 1 failed, 0 skipped (jest wrote no results)';
try {
  const results = JSON.parse(readFileSync(outputFile, 'utf8'));
  const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  line = `Tests: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests} skipped`;
} catch {
  // jest crashed before writing its results: the line above says so.
}
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`\n${line}\n`);
process.exit(jest.status ?? 1);
