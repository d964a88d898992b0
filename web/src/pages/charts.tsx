// Bar charts drawn as plain SVG. Chart libraries inject <style> elements or inline style attributes, which the
// portal's strict CSP (`style-src 'self'`) blocks; a rate per row needs only rectangles and text, so the
// board draws them itself: no extra kilobytes, every colour from the stylesheet, and a text alternative.
import { formatRate } from '../format.ts';

export interface Bar {
  label: string;
  /** 0–1, or null when there is nothing to rate. */
  rate: number | null;
  note?: string;
}

export function RateBars(props: { label: string; bars: Bar[] }) {
  const rowHeight = 30;
  const labelWidth = 180;
  const width = 640;
  const barWidth = width - labelWidth - 70;
  const height = props.bars.length * rowHeight + 24;
  const summary = props.bars.map((b) => `${b.label} ${formatRate(b.rate)}`).join('；');
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${props.label}: ${summary}`}>
        {[0, 0.5, 0.9, 1].map((tick) => (
          <g key={tick} class={tick === 0.9 ? 'tick target' : 'tick'}>
            <line
              x1={labelWidth + tick * barWidth}
              x2={labelWidth + tick * barWidth}
              y1={0}
              y2={height - 20}
            />
            <text x={labelWidth + tick * barWidth} y={height - 6} text-anchor="middle">
              {Math.round(tick * 100)}%
            </text>
          </g>
        ))}
        {props.bars.map((bar, i) => {
          const y = i * rowHeight + 4;
          const rate = bar.rate ?? 0;
          const tone = bar.rate === null ? 'none' : rate >= 0.9 ? 'good' : rate >= 0.7 ? 'warn' : 'bad';
          return (
            <g key={bar.label} class={`bar bar-${tone}`}>
              <text x={labelWidth - 8} y={y + rowHeight / 2} text-anchor="end" dominant-baseline="middle">
                {bar.label}
              </text>
              <rect
                x={labelWidth}
                y={y + 4}
                width={Math.max(1, rate * barWidth)}
                height={rowHeight - 10}
                rx={3}
              />
              <text
                x={labelWidth + Math.max(1, rate * barWidth) + 6}
                y={y + rowHeight / 2}
                dominant-baseline="middle"
              >
                {formatRate(bar.rate)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
