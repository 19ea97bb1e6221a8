// Charts drawn on the server as inline SVG: a pure function of the numbers, no script and no
// style attribute (the CSP allows neither), so they show without JavaScript. Each chart is an
// image with a title and a description for screen readers; the page puts a table with the same
// numbers next to it, which is where the exact figures are read.

export interface BarSeries {
  ja: string;
  en: string;
  /** A fill with at least 3:1 contrast on white (WCAG 1.4.11). */
  color: string;
}

export interface BarRow {
  label: string;
  /** One value per series, in the series' order. */
  values: readonly number[];
}

const WIDTH = 400;
const PAD = 4;
const FONT = 13;
const LEGEND_LINE = 20;
const LABEL_LINE = 18;
const BAR = 12;
const BAR_GAP = 2;
const ROW_GAP = 10;
/** Room right of the longest bar for its number. */
const VALUE_ROOM = 44;

/** A rough width of text in the chart's font: full width for kana and kanji, narrower otherwise. */
export function textWidth(text: string, size = FONT): number {
  let width = 0;
  for (const ch of text) width += (ch.codePointAt(0) ?? 0) > 0x2e7f ? size : size * 0.6;
  return width;
}

/** Legend items laid out left to right, wrapping to the next line when one does not fit. */
function legendLayout(series: readonly BarSeries[]): { x: number; y: number }[] {
  const at: { x: number; y: number }[] = [];
  let x = PAD;
  let y = 0;
  for (const s of series) {
    const w = 12 + 6 + textWidth(s.ja) + 18;
    if (x > PAD && x + w > WIDTH - PAD) {
      x = PAD;
      y += LEGEND_LINE;
    }
    at.push({ x, y });
    x += w;
  }
  return at;
}

/**
 * Horizontal bars, one group per row (label above, one bar per series below it), scaled to the
 * largest value. Rows are drawn in the order given.
 */
export function BarChart(props: {
  /** Unique on the page: the title and description are referenced by it. */
  id: string;
  title: string;
  description: string;
  series: readonly BarSeries[];
  rows: readonly BarRow[];
}) {
  const { id, series, rows } = props;
  const legend = legendLayout(series);
  const legendHeight = (legend.at(-1)?.y ?? 0) + LEGEND_LINE + 6;
  const rowHeight = LABEL_LINE + series.length * (BAR + BAR_GAP) + ROW_GAP;
  const height = legendHeight + rows.length * rowHeight;
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const span = WIDTH - 2 * PAD - VALUE_ROOM;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <svg
      class="chart"
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      font-size={FONT}
      font-family="sans-serif"
    >
      <title id={titleId}>{props.title}</title>
      <desc id={descId}>{props.description}</desc>
      <g>
        {series.map((s, i) => {
          const at = legend[i]!;
          return (
            <g>
              <rect x={at.x} y={at.y + 3} width={12} height={12} fill={s.color} />
              <text x={at.x + 18} y={at.y + 14} fill="#1f2328">
                {s.ja}
              </text>
            </g>
          );
        })}
      </g>
      {rows.map((row, r) => {
        const top = legendHeight + r * rowHeight;
        return (
          <g>
            <text x={PAD} y={top + FONT} fill="#1f2328">
              {row.label}
            </text>
            {series.map((s, i) => {
              const value = row.values[i] ?? 0;
              const y = top + LABEL_LINE + i * (BAR + BAR_GAP);
              const w = value > 0 ? Math.max(2, (value / max) * span) : 0;
              return (
                <g>
                  {w > 0 ? (
                    <rect x={PAD} y={y} width={round(w)} height={BAR} fill={s.color}>
                      <title>{`${row.label} ${s.ja}: ${value}`}</title>
                    </rect>
                  ) : null}
                  <text x={round(PAD + w + 4)} y={y + BAR - 2} font-size={11} fill="#4f5660">
                    {value}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

const round = (n: number) => Math.round(n * 10) / 10;
