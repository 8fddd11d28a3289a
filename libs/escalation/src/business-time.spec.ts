import {
  addWorkingMinutes,
  dueAfter,
  VN_OFFICE_HOURS,
  VN_PUBLIC_HOLIDAYS_2026,
  WorkingCalendar,
  workingMinutesBetween,
} from './business-time';

const HCM = 'Asia/Ho_Chi_Minh'; // UTC+7
const calendar: WorkingCalendar = {
  timeZone: HCM,
  weekly: VN_OFFICE_HOURS,
  holidays: VN_PUBLIC_HOLIDAYS_2026,
};
const at = (iso: string) => new Date(iso);
const local = (d: Date) => d.toLocaleString('sv-SE', { timeZone: HCM }).slice(0, 16);

describe('working-hours arithmetic', () => {
  it('adds inside a window, across lunch and across the night', () => {
    expect(local(addWorkingMinutes(calendar, at('2026-03-03T02:00:00Z'), 60))).toBe('2026-03-03 10:00'); // Tue 09:00 + 1 h
    expect(local(addWorkingMinutes(calendar, at('2026-03-03T04:00:00Z'), 60))).toBe('2026-03-03 14:00'); // 11:00 + 1 h over lunch
    expect(local(addWorkingMinutes(calendar, at('2026-03-03T09:30:00Z'), 60))).toBe('2026-03-04 08:00'); // 16:30 + 1 h: 30 min, then 30 min from 07:30
  });

  it('starts at the next window when reported outside working time (evening, weekend)', () => {
    expect(local(addWorkingMinutes(calendar, at('2026-03-03T13:00:00Z'), 15))).toBe('2026-03-04 07:45'); // Tue 20:00
    expect(local(addWorkingMinutes(calendar, at('2026-03-07T03:00:00Z'), 15))).toBe('2026-03-09 07:45'); // Sat 10:00 → Mon
  });

  it('skips public holidays (Lunar New Year 2026)', () => {
    // Friday 13 Feb 16:00 + 2 h: one hour that day, then nothing until Monday 23 Feb.
    expect(local(addWorkingMinutes(calendar, at('2026-02-13T09:00:00Z'), 120))).toBe('2026-02-23 08:30');
  });

  it('counts working minutes between two instants, and adding then counting round-trips', () => {
    expect(workingMinutesBetween(calendar, at('2026-03-03T02:00:00Z'), at('2026-03-04T02:00:00Z'))).toBe(450); // a full day: 4 h + 3.5 h
    expect(workingMinutesBetween(calendar, at('2026-03-07T00:00:00Z'), at('2026-03-09T00:00:00Z'))).toBe(0); // a weekend
    const from = at('2026-04-29T08:00:00Z');
    const due = addWorkingMinutes(calendar, from, 24 * 60);
    expect(workingMinutesBetween(calendar, from, due)).toBe(24 * 60);
  });

  it('refuses a calendar with no working time instead of looping', () => {
    expect(() =>
      addWorkingMinutes({ timeZone: HCM, weekly: {}, holidays: [] }, at('2026-01-01T00:00:00Z'), 1),
    ).toThrow(/no working time/);
  });
});

describe('due times with pauses', () => {
  it('runs round the clock without a calendar and stands still while paused', () => {
    const from = at('2026-05-04T00:00:00Z');
    expect(dueAfter(from, 60, [])).toEqual(at('2026-05-04T01:00:00Z'));
    const pauses = [{ start: at('2026-05-04T00:30:00Z'), end: at('2026-05-04T02:30:00Z') }];
    expect(dueAfter(from, 60, pauses)).toEqual(at('2026-05-04T03:00:00Z'));
    expect(
      dueAfter(from, 60, [{ start: at('2026-05-04T02:00:00Z'), end: at('2026-05-04T03:00:00Z') }]),
    ).toEqual(at('2026-05-04T01:00:00Z'));
  });

  it('has no due time while a pause is open', () => {
    expect(
      dueAfter(at('2026-05-04T00:00:00Z'), 60, [{ start: at('2026-05-04T00:10:00Z'), end: null }]),
    ).toBeNull();
  });

  it('combines pauses with working hours', () => {
    // Tue 09:00 local + 2 h of working time, paused 09:30–14:00: 30 min before, then from 14:00 90 min → 15:30.
    const from = at('2026-03-03T02:00:00Z');
    const pauses = [{ start: at('2026-03-03T02:30:00Z'), end: at('2026-03-03T07:00:00Z') }];
    expect(local(dueAfter(from, 120, pauses, calendar)!)).toBe('2026-03-03 15:30');
  });
});
