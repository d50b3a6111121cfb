/**
 * A tiny static SVG renderer for the scorecard charts: horizontal bars, rendered at build time, no
 * client-side JavaScript and no chart library. Every chart has a <title>/<desc> for screen readers,
 * and pages show the same numbers in a table next to it.
 */
import { escapeXml as esc } from '../../../functions/core/xml/escape.ts';

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Shown at the end of the bar (defaults to the value). */
  readonly display?: string;
}

export interface BarChartOptions {
  readonly title: string;
  readonly description?: string;
  /** Scale maximum (defaults to the largest value). */
  readonly max?: number;
  readonly width?: number;
  readonly id: string;
}

/** Width of a label in px, roughly (CJK characters are about twice as wide as Latin ones). */
function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? size : size * 0.58;
  return w;
}

export function barChart(bars: readonly Bar[], o: BarChartOptions): string {
  const width = o.width ?? 640;
  const row = 28;
  const font = 13;
  const labelW = Math.min(width * 0.45, Math.max(60, ...bars.map((b) => textWidth(b.label, font))) + 12);
  const valueW = 56;
  const plotW = Math.max(40, width - labelW - valueW);
  const max = o.max ?? Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(row, bars.length * row) + 8;
  const titleId = `${o.id}-title`;
  const descId = `${o.id}-desc`;
  const rows = bars.map((b, i) => {
    const y = 4 + i * row;
    const w = max > 0 ? Math.max(0, (b.value / max) * plotW) : 0;
    return `<g>
  <text x="${labelW - 8}" y="${y + row / 2 + 4}" text-anchor="end" font-size="${font}" fill="#1a1a1a">${esc(b.label)}</text>
  <rect x="${labelW}" y="${y + 5}" width="${w.toFixed(1)}" height="${row - 10}" fill="#1f5fa8" rx="2"/>
  <text x="${(labelW + w + 6).toFixed(1)}" y="${y + row / 2 + 4}" font-size="${font}" fill="#1a1a1a">${esc(b.display ?? String(b.value))}</text>
</g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${titleId}${o.description ? ` ${descId}` : ''}" style="max-width:${width}px;height:auto">
<title id="${titleId}">${esc(o.title)}</title>${o.description ? `\n<desc id="${descId}">${esc(o.description)}</desc>` : ''}
<line x1="${labelW}" y1="0" x2="${labelW}" y2="${height}" stroke="#6b6b6b" stroke-width="1"/>
${rows.join('\n')}
</svg>`;
}
