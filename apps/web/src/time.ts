/** Dates in the user's time zone (default Asia/Ho_Chi_Minh), with Intl only: no date library shipped. */
export const DEFAULT_TZ = 'Asia/Ho_Chi_Minh';

function locale(lang: string) {
  return lang === 'en' ? 'en-GB' : 'vi-VN';
}

/** One date format per language: vi `dd/MM/yyyy HH:mm`, en `dd/MM/yyyy, HH:mm` (24-hour clock). */
export function formatDateTime(iso: string | null | undefined, tz: string, lang: string): string {
  if (!iso) return '—';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${get('day')}/${get('month')}/${get('year')}`;
  const time = `${get('hour')}:${get('minute')}`;
  return lang === 'en' ? `${date}, ${time}` : `${date} ${time}`;
}

export function formatDate(iso: string | Date, tz: string, lang: string): string {
  return new Intl.DateTimeFormat(locale(lang), { timeZone: tz, day: '2-digit', month: '2-digit' }).format(
    typeof iso === 'string' ? new Date(iso) : iso,
  );
}

/** Minutes east of UTC that `tz` is at the instant `date`. */
export function offsetMinutes(tz: string, date: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

/** `YYYY-MM-DDTHH:mm` as wall-clock time in `tz` → an ISO instant. */
export function localInputToIso(value: string, tz: string): string {
  const [d, t] = value.split('T');
  const [y, m, day] = d.split('-').map(Number);
  const [h, min] = t.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, day, h, min);
  const first = guess - offsetMinutes(tz, new Date(guess)) * 60_000;
  const second = guess - offsetMinutes(tz, new Date(first)) * 60_000;
  return new Date(second).toISOString();
}

/** An instant → `YYYY-MM-DDTHH:mm` wall-clock time in `tz`, for <input type="datetime-local">. */
export function isoToLocalInput(date: Date, tz: string): string {
  const shifted = new Date(date.getTime() + offsetMinutes(tz, date) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** Start of today in `tz`, as an instant. */
export function startOfDay(tz: string, now = new Date()): Date {
  const local = isoToLocalInput(now, tz).slice(0, 10);
  return new Date(localInputToIso(`${local}T00:00`, tz));
}

export function supportedTimeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes(DEFAULT_TZ) ? zones : [DEFAULT_TZ, ...zones];
}
