import {
  coverage,
  gaps,
  layerOnCallAt,
  onCallAt,
  RotationLayer,
  ScheduleDefinition,
  validateLayer,
} from './schedule-math';

const HCM = 'Asia/Ho_Chi_Minh';
const at = (iso: string) => new Date(iso);

const weekly: RotationLayer = {
  id: 'primary',
  participants: ['an', 'binh', 'chi'],
  shiftLengthHours: 168,
  handoffTime: '08:00',
  timeZone: HCM,
  startDate: '2026-01-05', // a Monday
};

describe('a weekly rotation in Asia/Ho_Chi_Minh (no DST)', () => {
  const schedule: ScheduleDefinition = { layers: [weekly], overrides: [] };

  it('has nobody before the first hand-off', () => {
    expect(onCallAt(schedule, at('2026-01-05T00:59:59Z'))).toEqual({
      userIds: [],
      source: 'none',
      layerId: null,
    });
  });

  it('hands over exactly at 08:00 local (01:00 UTC), in order, and wraps round', () => {
    expect(onCallAt(schedule, at('2026-01-05T01:00:00Z')).userIds).toEqual(['an']);
    expect(onCallAt(schedule, at('2026-01-12T00:59:59.999Z')).userIds).toEqual(['an']);
    expect(onCallAt(schedule, at('2026-01-12T01:00:00Z')).userIds).toEqual(['binh']);
    expect(onCallAt(schedule, at('2026-01-19T01:00:00Z')).userIds).toEqual(['chi']);
    expect(onCallAt(schedule, at('2026-01-26T01:00:00Z')).userIds).toEqual(['an']);
  });

  it('stays right over a long horizon (ten years of weekly shifts)', () => {
    // 2036-01-07 is 522 weeks after 2026-01-05 (a Monday) + 2 days: shift 522, 522 % 3 = 0.
    expect(onCallAt(schedule, at('2036-01-07T12:00:00Z')).userIds).toEqual(['an']);
    const started = performance.now();
    for (let i = 0; i < 1000; i++)
      onCallAt(schedule, new Date(Date.UTC(2030 + (i % 50), i % 12, 1 + (i % 28))));
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('a daily rotation in a DST time zone', () => {
  const paris: RotationLayer = {
    ...weekly,
    id: 'paris',
    shiftLengthHours: 24,
    handoffTime: '09:00',
    timeZone: 'Europe/Paris',
    startDate: '2026-03-27',
  };

  it('keeps the 09:00 local hand-off across the spring-forward change (29 March 2026)', () => {
    // Before the change Paris is UTC+1 (09:00 = 08:00Z); after it UTC+2 (09:00 = 07:00Z).
    expect(layerOnCallAt(paris, at('2026-03-28T07:59:00Z'))).toBe('an'); // 27th's shift (08:59 local)
    expect(layerOnCallAt(paris, at('2026-03-28T08:00:00Z'))).toBe('binh'); // 28th 09:00 local
    expect(layerOnCallAt(paris, at('2026-03-29T06:59:00Z'))).toBe('binh'); // 29th 08:59 CEST
    expect(layerOnCallAt(paris, at('2026-03-29T07:00:00Z'))).toBe('chi'); // 29th 09:00 CEST
    expect(layerOnCallAt(paris, at('2026-03-30T07:00:00Z'))).toBe('an');
  });

  it('keeps it across the autumn change (25 October 2026)', () => {
    // 212 days after 27 March: 212 % 3 = 2 → chi on 25 October from 09:00 CET (08:00Z).
    expect(layerOnCallAt(paris, at('2026-10-25T07:59:00Z'))).toBe('binh');
    expect(layerOnCallAt(paris, at('2026-10-25T08:00:00Z'))).toBe('chi');
  });

  it('counts non-daily shifts in real hours', () => {
    const twelve: RotationLayer = {
      ...paris,
      id: 'twelve',
      shiftLengthHours: 12,
      participants: ['day', 'night'],
    };
    // From 27 March 08:00Z every 12 real hours: day, night, day (28th 08:00Z), night (28th 20:00Z),
    // day again at 29th 08:00Z, which is 10:00 CEST: real hours do not follow the wall clock.
    expect(layerOnCallAt(twelve, at('2026-03-28T19:59:00Z'))).toBe('day');
    expect(layerOnCallAt(twelve, at('2026-03-28T20:00:00Z'))).toBe('night');
    expect(layerOnCallAt(twelve, at('2026-03-29T08:00:00Z'))).toBe('day');
  });
});

describe('layers, restrictions and overrides', () => {
  const day: RotationLayer = { ...weekly, id: 'day', participants: ['an'] };
  const nights: RotationLayer = {
    ...weekly,
    id: 'nights',
    participants: ['dung', 'em'],
    shiftLengthHours: 24,
    restriction: { startTime: '18:00', endTime: '07:00' },
  };
  const weekdaysOnly: RotationLayer = {
    ...weekly,
    id: 'office',
    participants: ['giang'],
    restriction: { startTime: '08:00', endTime: '17:00', weekdays: [1, 2, 3, 4, 5] },
  };

  it('lets a later layer win where it has someone, inside its window (which may wrap midnight)', () => {
    const schedule = { layers: [day, nights], overrides: [] };
    expect(onCallAt(schedule, at('2026-01-06T05:00:00Z'))).toMatchObject({ userIds: ['an'], layerId: 'day' }); // 12:00 local
    // The nights layer hands over daily at 08:00: the shift from the 6th 08:00 (index 1) is em's.
    expect(onCallAt(schedule, at('2026-01-05T12:00:00Z'))).toMatchObject({
      userIds: ['dung'],
      layerId: 'nights',
    }); // 5th 19:00
    expect(onCallAt(schedule, at('2026-01-06T12:00:00Z'))).toMatchObject({
      userIds: ['em'],
      layerId: 'nights',
    }); // 6th 19:00
    expect(onCallAt(schedule, at('2026-01-06T22:00:00Z'))).toMatchObject({
      userIds: ['em'],
      layerId: 'nights',
    }); // 7th 05:00
    expect(onCallAt(schedule, at('2026-01-07T00:30:00Z'))).toMatchObject({ userIds: ['an'], layerId: 'day' }); // 07:30 on the 7th
  });

  it('honours weekdays: nobody from the office layer on Saturday', () => {
    const schedule = { layers: [weekdaysOnly], overrides: [] };
    expect(onCallAt(schedule, at('2026-01-09T03:00:00Z')).userIds).toEqual(['giang']); // Friday 10:00
    expect(onCallAt(schedule, at('2026-01-10T03:00:00Z')).userIds).toEqual([]); // Saturday 10:00
  });

  it('lets an override win while it lasts, and overlapping overrides add up', () => {
    const schedule: ScheduleDefinition = {
      layers: [day],
      overrides: [
        { userId: 'hoa', start: at('2026-02-01T00:00:00Z'), end: at('2026-02-02T00:00:00Z') },
        { userId: 'khanh', start: at('2026-02-01T12:00:00Z'), end: at('2026-02-01T13:00:00Z') },
      ],
    };
    expect(onCallAt(schedule, at('2026-01-31T23:59:59Z')).userIds).toEqual(['an']);
    expect(onCallAt(schedule, at('2026-02-01T00:00:00Z'))).toEqual({
      userIds: ['hoa'],
      source: 'override',
      layerId: null,
    });
    expect(onCallAt(schedule, at('2026-02-01T12:30:00Z')).userIds).toEqual(['hoa', 'khanh']);
    expect(onCallAt(schedule, at('2026-02-02T00:00:00Z')).userIds).toEqual(['an']); // the end is exclusive
  });

  it('reports coverage segments and the gaps nobody covers', () => {
    const schedule = {
      layers: [weekdaysOnly],
      overrides: [{ userId: 'hoa', start: at('2026-01-10T02:00:00Z'), end: at('2026-01-10T04:00:00Z') }],
    };
    const from = at('2026-01-09T00:00:00Z'); // Friday 07:00 local
    const to = at('2026-01-10T12:00:00Z'); // Saturday 19:00 local
    const segments = coverage(schedule, from, to);
    expect(segments.map((s) => [s.start.toISOString(), s.userIds.join(',') || '-'])).toEqual([
      ['2026-01-09T00:00:00.000Z', '-'],
      ['2026-01-09T01:00:00.000Z', 'giang'],
      ['2026-01-09T10:00:00.000Z', '-'],
      ['2026-01-10T02:00:00.000Z', 'hoa'],
      ['2026-01-10T04:00:00.000Z', '-'],
    ]);
    expect(gaps(schedule, from, to)).toHaveLength(3);
    expect(
      gaps({ layers: [weekly], overrides: [] }, at('2026-02-01T00:00:00Z'), at('2026-03-01T00:00:00Z')),
    ).toEqual([]);
  });
});

describe('validateLayer', () => {
  it('accepts a good layer and names each bad field', () => {
    expect(validateLayer(weekly)).toEqual([]);
    expect(
      validateLayer({
        ...weekly,
        participants: [],
        handoffTime: '25:00',
        timeZone: 'Mars/Base',
        startDate: '2026-13-01',
        shiftLengthHours: 0,
      }),
    ).toEqual([
      'participants: at least one user is needed',
      'shiftLengthHours: a whole number of hours between 1 and 672',
      'handoffTime: expected HH:mm',
      'startDate: expected YYYY-MM-DD',
      'timeZone: not an IANA time zone',
    ]);
  });
});
