import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from './config';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SHARED_CONTRACT = join(ROOT, '..', 'shared', 'contract', 'README.md');

/** The rows of the README's configuration table: one block of lines from its header to its end. */
function configurationTable(): string[] {
  const section = README.slice(README.indexOf('## Configuration'));
  const start = section.indexOf('| variable | meaning | when unset |');
  const lines = section.slice(start).split('\n');
  const end = lines.findIndex((line) => !line.startsWith('|'));
  return lines.slice(2, end);
}

const named = (row: string) => [...row.split('|')[1].matchAll(/`([A-Z0-9_]+|\.env)`/g)].map((m) => m[1]);

describe('README', () => {
  it('has one configuration table, not split by a blank line, that names every variable config.ts reads', () => {
    const rows = configurationTable();
    const listed = rows.flatMap(named);
    expect(CONFIG_VARIABLES.filter((variable) => !listed.includes(variable))).toEqual([]);
    // Nothing after the table's end is another block of rows without a header.
    const after = README.slice(README.indexOf(rows[rows.length - 1]) + rows[rows.length - 1].length);
    expect(after.slice(0, after.indexOf('##'))).not.toMatch(/^\| `/m);
  });

  it("names every variable of the contract's configuration table", () => {
    if (!existsSync(SHARED_CONTRACT)) return; // a checkout without ../shared beside it
    const contract = readFileSync(SHARED_CONTRACT, 'utf8');
    const table = contract.slice(
      contract.indexOf('| variable | meaning | when unset |'),
      contract.indexOf('A bad value'),
    );
    const variables = table
      .split('\n')
      .slice(2)
      .filter((line) => line.startsWith('|'))
      .flatMap(named)
      .filter((name) => name !== '.env');
    expect(variables.length).toBeGreaterThan(10);
    const listed = configurationTable().flatMap(named);
    expect(variables.filter((variable) => !listed.includes(variable))).toEqual([]);
  });

  it('says how long npm test takes, and no longer that Stripe settings "take effect as that part lands"', () => {
    expect(README).toMatch(/npm test[^\n]*\n[\s\S]{0,400}about \d+ minutes/);
    expect(README).not.toContain('take effect as that part lands');
  });

  it.each([
    ['a first real client walkthrough', '## Your first real client'],
    ['payments tested locally, with a signed webhook', '## Testing payments locally'],
    ['the compiled production server and the compose stack', '### Production: compiled, in Docker, or both'],
  ])('has %s', (_what, heading) => {
    expect(README).toContain(heading);
  });
});
