import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The portal's GraphQL documents are typed from schema.graphql through the
 * introspection file gql.tada writes (web/src/graphql/graphql-env.d.ts). A
 * stale copy would type the portal against an old schema: regenerate it with
 * `npm run graphql:types`.
 */
describe('the portal types', () => {
  it('web/src/graphql/graphql-env.d.ts matches schema.graphql', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portal-types-'));
    try {
      const output = join(dir, 'graphql-env.d.ts');
      const run = spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules', 'gql.tada', 'bin', 'cli.js'),
          'generate',
          'output',
          '--tsconfig',
          'web/tsconfig.json',
          '-o',
          output,
        ],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect(run.status).toBe(0);
      const committed = readFileSync(join(ROOT, 'web', 'src', 'graphql', 'graphql-env.d.ts'), 'utf8');
      expect(readFileSync(output, 'utf8') === committed).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
