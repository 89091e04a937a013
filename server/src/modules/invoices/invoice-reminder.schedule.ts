/** Reminders are reckoned in whole UTC days. */
const DAY_MS = 86_400_000;

/** YYYY-MM-DD of a moment, in UTC. */
export const utcDay = (date: Date | string) => new Date(date).toISOString().slice(0, 10);

/** Whole days from the due date's day to `today` (negative before it). */
export function daysFromDue(dueDate: Date | string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${utcDay(dueDate)}T00:00:00Z`)) / DAY_MS);
}

/**
 * The reminder an unpaid invoice is due for on `today`: the latest day of the
 * schedule (days from the due date) that has come. A job that was down sends
 * the one that fits the day, not every one it missed. null before the first.
 */
export function reminderDue(
  schedule: readonly number[],
  dueDate: Date | string,
  today: string,
): number | null {
  const elapsed = daysFromDue(dueDate, today);
  const come = schedule.filter((day) => day <= elapsed);
  return come.length ? Math.max(...come) : null;
}

/** The kind of reminder email for a day of the schedule. */
export const reminderKind = (day: number): 'before-due' | 'on-due' | 'after-due' =>
  day < 0 ? 'before-due' : day === 0 ? 'on-due' : 'after-due';
