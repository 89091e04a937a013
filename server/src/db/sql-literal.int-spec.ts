import { createTestDatabase, type TestDatabase } from '../test/test-database';
import { inlineStatement, sqlLiteral } from './sql-literal';

/** Values as projections pass them, with the type the statement gives them. */
const CASES: [unknown, string][] = [
  ['plain', 'text'],
  ["it's a \\ back'slash", 'text'],
  ['émoji 🎉 and\nnew line', 'text'],
  ['', 'text'],
  [null, 'text'],
  [undefined, 'integer'],
  [42, 'integer'],
  [-7.25, 'numeric'],
  ['9007199254740993', 'bigint'],
  [true, 'boolean'],
  [false, 'boolean'],
  [new Date('2026-03-01T09:00:00.123Z'), 'timestamptz'],
  [new Date('1999-12-31T23:59:59.999Z'), 'timestamptz'],
  ['2026-03-01', 'date'],
  [['a', "b'c", null, 'd,e', 'f"g', '\\'], 'text[]'],
  [[], 'text[]'],
  [[1, 2, 3], 'integer[]'],
  [[new Date('2026-01-02T03:04:05.006Z')], 'timestamptz[]'],
  [Buffer.from([0, 1, 2, 255, 39, 92]), 'bytea'],
  [{ name: "O'Brien", nested: { list: [1, 'two', null] }, at: new Date('2026-03-01T09:00:00Z') }, 'jsonb'],
  ['{"already":"json"}', 'jsonb'],
  ['3f2504e0-4f89-11d3-9a0c-0305e82c3301', 'uuid'],
];

describe('sqlLiteral: a value written into a statement reads as the same value bound as a parameter', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it.each(CASES.map(([value, type], index) => [index, type, value]))('#%s as %s', async (_i, type, value) => {
    const bound = await db.app.query(`SELECT $1::${type} AS v`, [value]);
    const written = await db.app.query(`SELECT ${sqlLiteral(value)}::${type} AS v`);
    expect(written.rows[0].v).toEqual(bound.rows[0].v);
  });

  it('an untyped literal takes its type from where it goes, as an untyped parameter does', async () => {
    await db.owner.query(
      'CREATE TABLE literal_probe (id uuid, at timestamptz, n bigint, tags text[], doc jsonb, ok boolean)',
    );
    await db.owner.query('GRANT ALL ON literal_probe TO portal_app');
    const statement = {
      text: 'INSERT INTO literal_probe (id, at, n, tags, doc, ok) VALUES ($1, $2, $3::bigint * 1000, $4, $5, $6) RETURNING *',
      values: [
        '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
        new Date('2026-03-01T09:00:00.5Z'),
        '12',
        ['x', 'y'],
        JSON.stringify({ a: 1 }),
        true,
      ],
    };
    const bound = await db.app.query(statement.text, statement.values);
    const written = await db.app.query(inlineStatement(statement));
    expect(written.rows).toEqual(bound.rows);
    expect(written.rows[0]).toMatchObject({ n: '12000', tags: ['x', 'y'], doc: { a: 1 }, ok: true });
  });

  it('a statement that names a parameter it was not given is refused, not run', () => {
    expect(() => inlineStatement({ text: 'SELECT $1, $2', values: [1] })).toThrow(/no value for \$2/);
  });

  it('substitute swaps a value for another, in arrays too', () => {
    const marker = new Date(NaN);
    const substitute = (value: unknown) => (value === marker ? 'PLACEHOLDER' : value);
    expect(inlineStatement({ text: 'SELECT $1, $2', values: [marker, [marker, 'b']] }, substitute)).toBe(
      `SELECT ('PLACEHOLDER'), ('{"PLACEHOLDER","b"}')`,
    );
  });
});
