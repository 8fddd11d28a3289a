import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { offsetMinutes, supportedTimeZones } from '../time';

const utc = (minutes: number) => {
  const sign = minutes < 0 ? '−' : '+';
  const m = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** The zones with their UTC offset now, sorted by offset, narrowed by a search (name, city or "+07"). */
export function TimeZonePicker({ value, onChange }: { value: string; onChange: (zone: string) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const zones = useMemo(() => {
    const now = new Date();
    return supportedTimeZones()
      .map((zone) => ({ zone, offset: offsetMinutes(zone, now) }))
      .sort((a, b) => a.offset - b.offset || a.zone.localeCompare(b.zone))
      .map((z) => ({ ...z, label: `(${utc(z.offset)}) ${z.zone.replace(/_/g, ' ')}` }));
  }, []);
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  const shown = zones.filter(
    (z) => z.zone === value || !q || z.label.toLowerCase().replace('−', '-').includes(q),
  );
  return (
    <>
      <label htmlFor="tz-search">{t('tz.search')}</label>
      <input
        id="tz-search"
        type="search"
        value={query}
        maxLength={60}
        onChange={(e) => setQuery(e.target.value)}
      />
      <label htmlFor="tz">{t('settings.timeZone')}</label>
      <select id="tz" value={value} onChange={(e) => onChange(e.target.value)}>
        {shown.map((z) => (
          <option key={z.zone} value={z.zone}>
            {z.label}
          </option>
        ))}
      </select>
    </>
  );
}
