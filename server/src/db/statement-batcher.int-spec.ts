import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../test/test-database';
import { StatementBatcher } from './statement.batcher';

let db: TestDatabase;
let pool: Pool;

const SELECT_ALL = `SELECT id, label, flag, small, big, ratio, doc, raw, tags, refs, at FROM batch_probe
  WHERE id = ANY($1::int[]) ORDER BY id DESC`;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = db.owner;
  await pool.query(`CREATE TABLE batch_probe (
    id int PRIMARY KEY, label text, flag boolean, small int4, big int8, ratio float8, doc jsonb, raw json,
    tags text[], refs uuid[], at timestamptz, amount numeric)`);
  await pool.query(`INSERT INTO batch_probe VALUES
    (1, 'it''s $1 and "quoted"', true, 7, 9007199254740991, 0.1, '{"a": [1, {"b": null}], "t": "2026-01-01T00:00:00Z"}', '{"x":1}',
     ARRAY['a', NULL, 'c'], ARRAY['4b7a3c1e-0000-4000-8000-000000000001']::uuid[], '2026-12-01 21:04:10.123456+00', 1.50),
    (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (3, '2026-12-01T21:04:10+00:00', false, -1, -42, 1e300, '[]', 'null', '{}', '{}', '1999-12-31 23:59:59.999999-05', 0),
    (4, 'big', true, 0, 9007199254740993, -0.5, '"s"', '"s"', ARRAY['x'], NULL, 'epoch', 2)`);
});

afterAll(async () => {
  await db.drop();
});

test('reads asked in one turn go as one statement, and each gets exactly the rows pg gives alone', async () => {
  const batcher = new StatementBatcher(pool, new Map());
  const direct = async (ids: number[]) => (await pool.query(SELECT_ALL, [ids])).rows;
  // The first time, each text goes alone (its columns are learned).
  await batcher.query(SELECT_ALL, [[1]]);
  await batcher.query(
    'SELECT $1::text AS a, $2::int AS b, $3::int AS c, $4::int AS d, $5::int AS e, $6::int AS f, $7::int AS g, $8::int AS h, $9::int AS i, $10::text AS j',
    ['a', 1, 2, 3, 4, 5, 6, 7, 8, 'ten'],
  );
  const before = batcher.statements;
  const [a, b, c] = await Promise.all([
    batcher.query(SELECT_ALL, [[1, 2, 3]]),
    batcher.query(
      'SELECT $1::text AS a, $2::int AS b, $3::int AS c, $4::int AS d, $5::int AS e, $6::int AS f, $7::int AS g, $8::int AS h, $9::int AS i, $10::text AS j',
      ['z', 9, 8, 7, 6, 5, 4, 3, 2, 'TEN'],
    ),
    batcher.query(SELECT_ALL, [[3, 2]]),
  ]);
  expect(batcher.statements - before).toBe(1);
  expect(a.rows).toEqual(await direct([1, 2, 3]));
  expect(c.rows).toEqual(await direct([3, 2]));
  expect(b.rows).toEqual([{ a: 'z', b: 9, c: 8, d: 7, e: 6, f: 5, g: 4, h: 3, i: 2, j: 'TEN' }]);
  // Dates the same instant, int8 as pg's decimal string, order kept.
  expect(a.rows.map((row) => row.id)).toEqual([3, 2, 1]);
  expect(a.rows[2].at).toBeInstanceOf(Date);
  expect(a.rows[2].big).toBe('9007199254740991');
});

test('an int8 past 2^53 is read again alone; a numeric column never joins a batch', async () => {
  const batcher = new StatementBatcher(pool, new Map());
  await batcher.query(SELECT_ALL, [[1]]);
  const before = batcher.statements;
  const [big, small] = await Promise.all([
    batcher.query(SELECT_ALL, [[4]]),
    batcher.query(SELECT_ALL, [[1]]),
  ]);
  expect(big.rows[0].big).toBe('9007199254740993');
  expect(small.rows).toEqual((await pool.query(SELECT_ALL, [[1]])).rows);
  // The batch, then the one past 2^53 alone.
  expect(batcher.statements - before).toBe(2);

  const NUMERIC = 'SELECT id, amount FROM batch_probe WHERE id = ANY($1::int[]) ORDER BY id';
  await batcher.query(NUMERIC, [[1]]);
  const again = batcher.statements;
  const [x, y] = await Promise.all([batcher.query(NUMERIC, [[1]]), batcher.query(NUMERIC, [[3]])]);
  expect(batcher.statements - again).toBe(2);
  expect(x.rows).toEqual([{ id: 1, amount: '1.50' }]);
  expect(y.rows).toEqual([{ id: 3, amount: '0' }]);
});

test('a batch that fails runs its reads one by one: each caller gets its own answer or error', async () => {
  const batcher = new StatementBatcher(pool, new Map());
  const DIVIDE = 'SELECT 10 / $1::int AS quotient';
  await batcher.query(DIVIDE, [2]);
  await batcher.query(SELECT_ALL, [[1]]);
  const [fails, works] = await Promise.allSettled([
    batcher.query(DIVIDE, [0]),
    batcher.query(SELECT_ALL, [[2]]),
  ]);
  expect(fails.status).toBe('rejected');
  expect((fails as PromiseRejectedResult).reason.message).toMatch(/division by zero/);
  expect(works.status).toBe('fulfilled');
  expect((works as PromiseFulfilledResult<{ rows: unknown[] }>).value.rows).toEqual(
    (await pool.query(SELECT_ALL, [[2]])).rows,
  );
});
