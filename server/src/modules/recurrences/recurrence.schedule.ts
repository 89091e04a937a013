export type RecurrenceInterval = 'WEEK' | 'MONTH';

/** When a schedule issues: every `every` weeks or months from `startDate`, until `endDate` or `count` periods. */
export interface RecurrenceRule {
  interval: RecurrenceInterval;
  every: number;
  /** ISO; each period falls at its time of day. */
  startDate: string;
  /** ISO: the last period falls on or before it. */
  endDate: string | null;
  /** How many periods in all. */
  count: number | null;
}

const DAY_MS = 86_400_000;

/**
 * The date of period `k` (0 is the start): weeks add 7 days each; months add
 * calendar months from the start, each counted from the start (not from the
 * month before), the day kept where the month has it and else its last day
 * (from 31 January: 28 or 29 February, then 31 March).
 */
export function periodDate(rule: Pick<RecurrenceRule, 'interval' | 'every' | 'startDate'>, k: number): Date {
  const start = new Date(rule.startDate);
  if (rule.interval === 'WEEK') return new Date(start.getTime() + k * rule.every * 7 * DAY_MS);
  const months = start.getUTCMonth() + k * rule.every;
  const year = start.getUTCFullYear() + Math.floor(months / 12);
  const month = ((months % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(start.getUTCDate(), lastDay),
      start.getUTCHours(),
      start.getUTCMinutes(),
      start.getUTCSeconds(),
      start.getUTCMilliseconds(),
    ),
  );
}

/** Period `k` belongs to the schedule: within its count and on or before its end date. */
export function inSchedule(rule: RecurrenceRule, k: number): boolean {
  if (k < 0) return false;
  if (rule.count !== null && k >= rule.count) return false;
  return rule.endDate === null || periodDate(rule, k).getTime() <= new Date(rule.endDate).getTime();
}

/** The first period at or after `from` (not before `atLeast`); null when the schedule has none left. */
export function firstPeriodFrom(rule: RecurrenceRule, from: Date, atLeast: number): number | null {
  let k = atLeast;
  // Weeks and months move forward; a bounded walk finds the first one that is not past.
  for (let steps = 0; steps < 100_000 && periodDate(rule, k).getTime() < from.getTime(); steps++) k++;
  return inSchedule(rule, k) ? k : null;
}
