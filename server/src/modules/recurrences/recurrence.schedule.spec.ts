import { firstPeriodFrom, inSchedule, periodDate, type RecurrenceRule } from './recurrence.schedule';

const monthly: RecurrenceRule = {
  interval: 'MONTH',
  every: 1,
  startDate: '2026-01-31T09:00:00.000Z',
  endDate: null,
  count: null,
};
const iso = (rule: RecurrenceRule, k: number) => periodDate(rule, k).toISOString();

describe('recurrence periods', () => {
  it('months count from the start, the day kept where the month has it, else its last day', () => {
    expect([0, 1, 2, 3, 12, 13].map((k) => iso(monthly, k))).toEqual([
      '2026-01-31T09:00:00.000Z',
      '2026-02-28T09:00:00.000Z',
      '2026-03-31T09:00:00.000Z',
      '2026-04-30T09:00:00.000Z',
      '2027-01-31T09:00:00.000Z',
      '2027-02-28T09:00:00.000Z',
    ]);
    expect(iso({ ...monthly, startDate: '2027-11-29T00:00:00.000Z' }, 3)).toBe('2028-02-29T00:00:00.000Z');
    expect(iso({ ...monthly, every: 3 }, 4)).toBe('2027-01-31T09:00:00.000Z');
  });

  it('weeks are 7 days apart, every N weeks', () => {
    const rule: RecurrenceRule = {
      ...monthly,
      interval: 'WEEK',
      every: 2,
      startDate: '2026-03-02T00:00:00.000Z',
    };
    expect([0, 1, 2].map((k) => iso(rule, k))).toEqual([
      '2026-03-02T00:00:00.000Z',
      '2026-03-16T00:00:00.000Z',
      '2026-03-30T00:00:00.000Z',
    ]);
  });

  it('until a count or an end date (inclusive)', () => {
    expect([0, 2, 3].map((k) => inSchedule({ ...monthly, count: 3 }, k))).toEqual([true, true, false]);
    const until = { ...monthly, endDate: '2026-03-31T09:00:00.000Z' };
    expect([2, 3].map((k) => inSchedule(until, k))).toEqual([true, false]);
    expect(inSchedule(monthly, -1)).toBe(false);
  });

  it('the first period from a moment on (after a pause), or none left', () => {
    expect(firstPeriodFrom(monthly, new Date('2026-03-15T00:00:00Z'), 1)).toBe(2);
    expect(firstPeriodFrom(monthly, new Date('2026-03-31T09:00:00Z'), 1)).toBe(2);
    expect(firstPeriodFrom(monthly, new Date('2026-01-01T00:00:00Z'), 1)).toBe(1);
    expect(firstPeriodFrom({ ...monthly, count: 2 }, new Date('2026-03-15T00:00:00Z'), 1)).toBeNull();
  });
});
