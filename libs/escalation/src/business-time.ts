import { DateTime } from 'luxon';

/**
 * Working-hours arithmetic for SLA policies that count only working time: a weekly calendar
 * (windows per weekday, in a time zone) and a list of holidays. Pure functions, no clock.
 */
export interface WorkingCalendar {
  timeZone: string;
  /** ISO weekday (1 = Monday … 7 = Sunday) → windows of local time, HH:mm, start < end. */
  weekly: Partial<Record<number, { start: string; end: string }[]>>;
  /** Local dates (YYYY-MM-DD) with no working time. */
  holidays: string[];
}

/** Monday to Friday, 07:30–11:30 and 13:30–17:00: the usual office hours of a Vietnamese agency. */
export const VN_OFFICE_HOURS: WorkingCalendar['weekly'] = Object.fromEntries(
  [1, 2, 3, 4, 5].map((d) => [
    d,
    [
      { start: '07:30', end: '11:30' },
      { start: '13:30', end: '17:00' },
    ],
  ]),
);

/**
 * Vietnamese public holidays in 2026 (Labour Code 2019, art. 112), as a seeded example: the Lunar
 * New Year and compensatory days are set by the government each year, so check the year's
 * official announcement before relying on it.
 */
export const VN_PUBLIC_HOLIDAYS_2026: string[] = [
  '2026-01-01', // New Year
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-02-20', // Tết Nguyên đán (Lunar New Year)
  '2026-04-27', // Hùng Kings' day (10/3 lunar falls on Sunday 26 April; compensatory Monday)
  '2026-04-30',
  '2026-05-01', // Reunification Day, Labour Day
  '2026-09-01',
  '2026-09-02', // National Day
];

const minutesOf = (time: string) => {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
};

/** The working windows of one local day, as absolute instants. */
function windowsOn(calendar: WorkingCalendar, day: DateTime): { start: DateTime; end: DateTime }[] {
  if (calendar.holidays.includes(day.toISODate() ?? '')) return [];
  return (calendar.weekly[day.weekday] ?? []).map((w) => ({
    start: day.startOf('day').plus({ minutes: minutesOf(w.start) }),
    end: day.startOf('day').plus({ minutes: minutesOf(w.end) }),
  }));
}

const MAX_DAYS = 3660; // ten years: a calendar with no working time at all must not loop forever

/** The instant `minutes` of working time after `from` (from itself when minutes is 0). */
export function addWorkingMinutes(calendar: WorkingCalendar, from: Date, minutes: number): Date {
  let left = minutes;
  let day = DateTime.fromJSDate(from).setZone(calendar.timeZone).startOf('day');
  const start = DateTime.fromJSDate(from);
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 })) {
    for (const w of windowsOn(calendar, day)) {
      const s = w.start < start ? start : w.start;
      if (s >= w.end) continue;
      const available = w.end.diff(s, 'minutes').minutes;
      if (left <= available) return s.plus({ minutes: left }).toJSDate();
      left -= available;
    }
  }
  throw new Error('The working calendar has no working time in the next ten years');
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  if (to <= from) return 0;
  const a = DateTime.fromJSDate(from);
  const b = DateTime.fromJSDate(to);
  let total = 0;
  for (let day = a.setZone(calendar.timeZone).startOf('day'); day < b; day = day.plus({ days: 1 })) {
    for (const w of windowsOn(calendar, day)) {
      const s = w.start < a ? a : w.start;
      const e = w.end > b ? b : w.end;
      if (e > s) total += e.diff(s, 'minutes').minutes;
    }
  }
  return total;
}

/**
 * A due time that skips paused periods: the clock runs `minutes` from `from`, counting only
 * working time when a calendar is given, and stands still during each pause.
 */
export function dueAfter(
  from: Date,
  minutes: number,
  pauses: { start: Date; end: Date | null }[],
  calendar?: WorkingCalendar,
): Date | null {
  const add = (at: Date, m: number) =>
    calendar ? addWorkingMinutes(calendar, at, m) : new Date(at.getTime() + m * 60_000);
  const between = (x: Date, y: Date) =>
    calendar ? workingMinutesBetween(calendar, x, y) : Math.max(0, (y.getTime() - x.getTime()) / 60_000);
  let cursor = from;
  let left = minutes;
  for (const pause of [...pauses].sort((p, q) => p.start.getTime() - q.start.getTime())) {
    if (pause.end && pause.end <= cursor) continue;
    const pauseStart = pause.start < cursor ? cursor : pause.start;
    const due = add(cursor, left);
    if (due <= pauseStart) return due;
    left -= between(cursor, pauseStart);
    if (!pause.end) return null; // paused now: no due time until it resumes
    cursor = pause.end;
  }
  return add(cursor, left);
}
