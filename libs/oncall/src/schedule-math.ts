import { DateTime } from 'luxon';

/**
 * On-call schedule maths, as pure functions (no I/O, no clock): which users are on call at an
 * instant, and the coverage over a period. Semantics follow PagerDuty/GoAlert:
 * - a rotation layer hands the shift from one participant to the next every `shiftLengthHours`,
 *   at `handoffTime` in the layer's time zone, from `startDate` on. Whole days are counted on the
 *   calendar, so a daily 08:00 hand-off stays at 08:00 across a DST change; other lengths are
 *   counted in real hours;
 * - a layer may be restricted to a daily window (e.g. 17:30–08:00 for nights, which wraps midnight),
 *   optionally on some weekdays only;
 * - layers are ordered: the last layer that has someone on call wins (a night layer over a day layer);
 * - overrides (a user, a start, an end) win over every layer while they last; overlapping
 *   overrides put all their users on call.
 */
export interface RotationLayer {
  id: string;
  /** User ids in rotation order. */
  participants: string[];
  shiftLengthHours: number;
  /** Local time of the hand-off, HH:mm. */
  handoffTime: string;
  /** IANA time zone, e.g. Asia/Ho_Chi_Minh. */
  timeZone: string;
  /** Local date (YYYY-MM-DD) of the first hand-off; nobody is on call in this layer before it. */
  startDate: string;
  restriction?: { startTime: string; endTime: string; weekdays?: number[] } | null;
}

export interface ScheduleOverride {
  userId: string;
  start: Date;
  end: Date;
}

export interface ScheduleDefinition {
  layers: RotationLayer[];
  overrides: ScheduleOverride[];
}

export interface OnCall {
  userIds: string[];
  source: 'override' | 'layer' | 'none';
  layerId: string | null;
}

export interface CoverageSegment extends OnCall {
  start: Date;
  end: Date;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Problems that make a layer unusable, as messages naming the field (empty when valid). */
export function validateLayer(layer: RotationLayer): string[] {
  const problems: string[] = [];
  if (!layer.participants.length) problems.push('participants: at least one user is needed');
  if (!(
    layer.shiftLengthHours >= 1 &&
    layer.shiftLengthHours <= 24 * 28 &&
    Number.isInteger(layer.shiftLengthHours)
  )) {
    problems.push('shiftLengthHours: a whole number of hours between 1 and 672');
  }
  if (!TIME.test(layer.handoffTime)) problems.push('handoffTime: expected HH:mm');
  if (!DATE.test(layer.startDate) || !DateTime.fromISO(layer.startDate).isValid)
    problems.push('startDate: expected YYYY-MM-DD');
  if (!DateTime.local().setZone(layer.timeZone).isValid) problems.push('timeZone: not an IANA time zone');
  if (layer.restriction) {
    if (!TIME.test(layer.restriction.startTime)) problems.push('restriction.startTime: expected HH:mm');
    if (!TIME.test(layer.restriction.endTime)) problems.push('restriction.endTime: expected HH:mm');
    if (layer.restriction.weekdays?.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
      problems.push('restriction.weekdays: 1 (Monday) to 7 (Sunday)');
    }
  }
  return problems;
}

function firstHandoff(layer: RotationLayer): DateTime {
  return DateTime.fromISO(`${layer.startDate}T${layer.handoffTime}`, { zone: layer.timeZone });
}

const isCalendar = (layer: RotationLayer) => layer.shiftLengthHours % 24 === 0;

function shiftStart(layer: RotationLayer, index: number): DateTime {
  const first = firstHandoff(layer);
  return isCalendar(layer)
    ? first.plus({ days: (index * layer.shiftLengthHours) / 24 })
    : first.plus({ hours: index * layer.shiftLengthHours });
}

/** Index of the shift containing `at` (negative before the first hand-off). */
function shiftIndex(layer: RotationLayer, at: DateTime): number {
  const first = firstHandoff(layer);
  const estimate = isCalendar(layer)
    ? Math.floor(at.setZone(layer.timeZone).diff(first, 'days').days / (layer.shiftLengthHours / 24))
    : Math.floor(at.diff(first, 'hours').hours / layer.shiftLengthHours);
  // The estimate can be one off around DST changes: settle it against the real boundaries.
  let index = estimate;
  while (shiftStart(layer, index) > at) index--;
  while (shiftStart(layer, index + 1) <= at) index++;
  return index;
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

function inRestriction(layer: RotationLayer, at: DateTime): boolean {
  const r = layer.restriction;
  if (!r) return true;
  const local = at.setZone(layer.timeZone);
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(r.startTime);
  const end = minutesOf(r.endTime);
  if (start === end) return true; // a full day
  const wraps = end < start;
  const inside = wraps ? minute >= start || minute < end : minute >= start && minute < end;
  if (!inside) return false;
  if (!r.weekdays?.length) return true;
  // A window that wraps midnight belongs to the day it started on.
  const day = wraps && minute < end ? local.minus({ days: 1 }).weekday : local.weekday;
  return r.weekdays.includes(day);
}

/** Who a layer puts on call at `at`, or null. */
export function layerOnCallAt(layer: RotationLayer, at: Date): string | null {
  const instant = DateTime.fromJSDate(at);
  if (!layer.participants.length || instant < firstHandoff(layer) || !inRestriction(layer, instant))
    return null;
  const index = shiftIndex(layer, instant);
  const n = layer.participants.length;
  return layer.participants[((index % n) + n) % n];
}

/** Who is on call at `at`. */
export function onCallAt(schedule: ScheduleDefinition, at: Date): OnCall {
  const t = at.getTime();
  const overriding = schedule.overrides.filter((o) => o.start.getTime() <= t && t < o.end.getTime());
  if (overriding.length) {
    return { userIds: [...new Set(overriding.map((o) => o.userId))], source: 'override', layerId: null };
  }
  for (let i = schedule.layers.length - 1; i >= 0; i--) {
    const userId = layerOnCallAt(schedule.layers[i], at);
    if (userId) return { userIds: [userId], source: 'layer', layerId: schedule.layers[i].id };
  }
  return { userIds: [], source: 'none', layerId: null };
}

/** Every instant in [from, to) where the answer of onCallAt may change. */
function boundaries(schedule: ScheduleDefinition, from: Date, to: Date): number[] {
  const points = new Set<number>([from.getTime()]);
  const start = DateTime.fromJSDate(from);
  const end = DateTime.fromJSDate(to);
  for (const layer of schedule.layers) {
    const first = firstHandoff(layer);
    if (first >= start && first < end) points.add(first.toMillis());
    let index = Math.max(0, shiftIndex(layer, start > first ? start : first));
    for (let s = shiftStart(layer, index); s < end; s = shiftStart(layer, ++index)) {
      if (s >= start) points.add(s.toMillis());
    }
    if (layer.restriction) {
      for (
        let day = start.setZone(layer.timeZone).startOf('day').minus({ days: 1 });
        day < end;
        day = day.plus({ days: 1 })
      ) {
        for (const time of [layer.restriction.startTime, layer.restriction.endTime]) {
          const [h, m] = time.split(':').map(Number);
          const p = day.set({ hour: h, minute: m });
          if (p >= start && p < end) points.add(p.toMillis());
        }
        const midnight = day;
        if (midnight >= start && midnight < end) points.add(midnight.toMillis());
      }
    }
  }
  for (const o of schedule.overrides) {
    for (const p of [o.start.getTime(), o.end.getTime()])
      if (p >= from.getTime() && p < to.getTime()) points.add(p);
  }
  return [...points].sort((a, b) => a - b);
}

/** The coverage over [from, to): consecutive segments with the same people on call are merged. */
export function coverage(schedule: ScheduleDefinition, from: Date, to: Date): CoverageSegment[] {
  const points = boundaries(schedule, from, to);
  const segments: CoverageSegment[] = [];
  points.forEach((p, i) => {
    const end = new Date(i + 1 < points.length ? points[i + 1] : to.getTime());
    const who = onCallAt(schedule, new Date(p));
    const last = segments.at(-1);
    if (
      last &&
      last.source === who.source &&
      last.layerId === who.layerId &&
      last.userIds.join() === who.userIds.join()
    ) {
      last.end = end;
    } else {
      segments.push({ ...who, start: new Date(p), end });
    }
  });
  return segments;
}

/** The periods in [from, to) when nobody is on call. */
export function gaps(schedule: ScheduleDefinition, from: Date, to: Date): { start: Date; end: Date }[] {
  return coverage(schedule, from, to)
    .filter((s) => s.userIds.length === 0)
    .map(({ start, end }) => ({ start, end }));
}
