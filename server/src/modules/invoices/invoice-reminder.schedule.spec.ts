import { daysFromDue, reminderDue, reminderKind, utcDay } from './invoice-reminder.schedule';

describe('the reminder schedule (UTC days)', () => {
  const due = '2026-04-10T00:00:00.000Z';

  it('counts whole UTC days from the due date', () => {
    expect(daysFromDue(due, '2026-04-07')).toBe(-3);
    expect(daysFromDue('2026-04-10T23:30:00.000Z', '2026-04-10')).toBe(0);
    expect(daysFromDue(due, '2026-05-10')).toBe(30);
    expect(utcDay(new Date('2026-04-06T23:59:59Z'))).toBe('2026-04-06');
  });

  it('the latest day of the schedule that has come: 3 days before, on the day, 7 after by default', () => {
    const schedule = [-3, 0, 7];
    expect(reminderDue(schedule, due, '2026-04-06')).toBeNull();
    expect(reminderDue(schedule, due, '2026-04-07')).toBe(-3);
    expect(reminderDue(schedule, due, '2026-04-09')).toBe(-3);
    expect(reminderDue(schedule, due, '2026-04-10')).toBe(0);
    expect(reminderDue(schedule, due, '2026-04-16')).toBe(0);
    expect(reminderDue(schedule, due, '2026-04-17')).toBe(7);
    expect(reminderDue(schedule, due, '2027-01-01')).toBe(7);
    expect(reminderDue([], due, '2026-04-17')).toBeNull();
    expect(reminderDue([14, -1], due, '2026-04-24')).toBe(14);
  });

  it('names the email: before, on or after the due date', () => {
    expect([-3, 0, 7].map(reminderKind)).toEqual(['before-due', 'on-due', 'after-due']);
  });
});
