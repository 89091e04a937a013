import { parseTimestamptz } from './timestamp.parser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const postgresDate = require('postgres-date') as (text: string) => Date | number | null;

/** An instant as PostgreSQL prints a timestamptz in UTC: the fraction trimmed of trailing zeros, none when zero. */
function printed(ms: number, micros: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = `${iso.slice(20, 23)}${String(micros).padStart(3, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}+00`;
}

describe('parseTimestamptz: the same instants as postgres-date, printed without formatting again', () => {
  it('reads 20,000 instants from 1970 to 2100, every fraction length, as postgres-date does', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(random() * 4_102_444_800_000);
      const micros = i % 4 === 0 ? 0 : Math.floor(random() * 1000);
      const text = printed(i % 10 === 0 ? ms - (ms % 1000) : ms, i % 10 === 0 ? 0 : micros);
      const quick = parseTimestamptz(text) as Date;
      const reference = postgresDate(text) as Date;
      expect([text, quick.getTime()]).toEqual([text, reference.getTime()]);
      expect(JSON.stringify({ at: quick })).toBe(JSON.stringify({ at: reference }));
      expect(quick).toBeInstanceOf(Date);
    }
  });

  it('hands every other form to postgres-date', () => {
    for (const text of [
      '2026-12-01 23:45:36.123456+01',
      '2026-12-01 23:45:36+05:30',
      '0044-03-15 12:00:00+00 BC',
      '0044-03-15 12:00:00+00',
      '12026-01-01 00:00:00+00',
      'infinity',
      '-infinity',
    ]) {
      const quick = parseTimestamptz(text);
      const reference = postgresDate(text);
      expect([text, Number(quick)]).toEqual([text, Number(reference)]);
    }
  });

  it('a time changed after it was read prints as changed', () => {
    const at = parseTimestamptz('2026-12-01 23:45:36.5+00') as Date;
    expect(JSON.stringify(at)).toBe('"2026-12-01T23:45:36.500Z"');
    at.setUTCHours(1);
    expect(JSON.stringify(at)).toBe('"2026-12-01T01:45:36.500Z"');
    expect(at.toISOString()).toBe('2026-12-01T01:45:36.500Z');
  });
});
