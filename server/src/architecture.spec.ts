import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The floors of the house, read from the source's own imports: the
 * machinery (event-store/, projections/, integrations/) knows no feature, and
 * no two files import each other.
 */
const SRC = __dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'test' ? [] : sourceFiles(path);
    return /\.ts$/.test(name) && !/\.(int-)?spec\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The files of this tree a file imports (import, export … from, require), type-only imports included. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|require\(|import\s+)'(\.{1,2}\/[^']*)'/g)].map(
    (m) => m[1],
  );
  return specifiers.flatMap((specifier) => {
    const base = resolve(dirname(file), specifier);
    const found = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
    return found ? [found] : [];
  });
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const rel = (file: string) => relative(SRC, file);

describe('the structure of server/src', () => {
  it.each(['event-store', 'projections', 'integrations'])('%s/ imports nothing of modules/', (floor) => {
    const upward = files
      .filter((file) => rel(file).startsWith(`${floor}/`))
      .flatMap((file) =>
        graph
          .get(file)!
          .filter((target) => rel(target).startsWith('modules/'))
          .map((target) => `${rel(file)} -> ${rel(target)}`),
      );
    expect(upward).toEqual([]);
  });

  it('no two files import each other', () => {
    const loops = files.flatMap((file) =>
      graph
        .get(file)!
        .filter((target) => target > file && graph.get(target)?.includes(file))
        .map((target) => `${rel(file)} <-> ${rel(target)}`),
    );
    expect(loops).toEqual([]);
  });

  it('the timeline module names no other feature', () => {
    const named = files
      .filter((file) => rel(file).startsWith('modules/timeline/'))
      .flatMap((file) =>
        graph
          .get(file)!
          .filter((target) => /^modules\/(clients|projects|tasks|documents|invoices)\//.test(rel(target)))
          .map((target) => `${rel(file)} -> ${rel(target)}`),
      );
    expect(named).toEqual([]);
  });

  it('reads the imports it checks (the check itself)', () => {
    expect(graph.get(join(SRC, 'app-context.ts'))).toContain(join(SRC, 'modules', 'index.ts'));
    expect(files.length).toBeGreaterThan(100);
  });
});
