/** A small SVG line chart (no chart library): solid and dashed lines, with the numbers in a table too. */
export function LineChart({
  labels,
  series,
  unit,
}: {
  labels: string[];
  series: { name: string; values: (number | null)[]; dash: boolean }[];
  unit: string;
}) {
  const w = 320;
  const h = 160;
  const pad = 28;
  const max = Math.max(1, ...series.flatMap((s) => s.values.filter((v): v is number => v != null)));
  const x = (i: number) => pad + (i * (w - pad * 2)) / Math.max(1, labels.length - 1);
  const y = (v: number) => h - pad - (v / max) * (h - pad * 2);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={series.map((s) => s.name).join(', ')}>
        <line x1={pad} y1={h - pad} x2={w - pad} y2={h - pad} stroke="#555" />
        <text x={2} y={pad - 8} fontSize="10" fill="#333">
          {Math.round(max)} {unit}
        </text>
        {series.map((s, si) => {
          const pts = s.values.map((v, i) => (v == null ? null : `${x(i)},${y(v)}`)).filter(Boolean);
          return (
            <g key={s.name}>
              <polyline
                points={pts.join(' ')}
                fill="none"
                stroke={si === 0 ? '#0b5394' : '#a61c00'}
                strokeWidth={2}
                strokeDasharray={s.dash ? '6 4' : undefined}
              />
              {s.values.map((v, i) =>
                v == null ? null : (
                  <circle key={i} cx={x(i)} cy={y(v)} r={3} fill={si === 0 ? '#0b5394' : '#a61c00'} />
                ),
              )}
            </g>
          );
        })}
        {labels.map((l, i) => (
          <text key={l + i} x={x(i)} y={h - 8} fontSize="9" textAnchor="middle" fill="#333">
            {l}
          </text>
        ))}
      </svg>
      <figcaption>
        {series.map((s, si) => (
          <span key={s.name} className="legend">
            <span aria-hidden="true" className={si === 0 ? 'swatch solid' : 'swatch dashed'} /> {s.name}
          </span>
        ))}
      </figcaption>
      {/* A table ignores width and overflow: the clipping box is a div, so the page does not widen. */}
      <div className="sr-only">
        <table>
          <thead>
            <tr>
              <th scope="col" />
              {series.map((s) => (
                <th key={s.name} scope="col">
                  {s.name} ({unit})
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((l, i) => (
              <tr key={l + i}>
                <th scope="row">{l}</th>
                {series.map((s) => (
                  <td key={s.name}>{s.values[i] == null ? '—' : Math.round(s.values[i]!)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
