// Server-rendered SVG bar charts: no chart library, no script, nothing from a CDN. Each
// chart is an image with a text alternative, and the page puts a table of the same
// figures beside it. Labels are drawn as text, so colour is never the only signal.

export interface Bar {
  label: string;
  value: number;
  /** What is printed at the end of the bar ("31%", "12"). */
  display: string;
  fill?: string;
}

const BLUE = '#1d70b8';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function svg(width: number, height: number, title: string, body: string): string {
  // role="img" with a <title>: one image, one name; the table carries the detail.
  const id = `chart-${Math.abs(hash(title)).toString(36)}`;
  return `<svg class="pitstop-chart" role="img" aria-labelledby="${id}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="${id}">${esc(title)}</title>${body}</svg>`;
}

function hash(s: string): number {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

/** Horizontal bars: categories (outcomes, ratings, agencies) down the side. */
export function horizontalBars(title: string, bars: Bar[], opts: { max?: number; labelWidth?: number } = {}): string {
  const labelWidth = opts.labelWidth ?? 240;
  const barArea = 360;
  const row = 34;
  const width = labelWidth + barArea + 70;
  const height = bars.length * row + 10;
  const max = Math.max(opts.max ?? 0, ...bars.map((b) => b.value), 1);
  const body = bars
    .map((b, i) => {
      const y = i * row + 5;
      const w = Math.round((b.value / max) * barArea);
      return [
        `<text x="${labelWidth - 10}" y="${y + 21}" text-anchor="end">${esc(b.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(w, b.value > 0 ? 2 : 0)}" height="${row - 10}" fill="${b.fill ?? BLUE}"/>`,
        `<text class="pitstop-chart__value" x="${labelWidth + w + 8}" y="${y + 21}">${esc(b.display)}</text>`,
      ].join('');
    })
    .join('');
  const axis = `<line class="pitstop-chart__axis" x1="${labelWidth}" y1="0" x2="${labelWidth}" y2="${height}"/>`;
  return svg(width, height, title, body + axis);
}

/** Vertical bars over time (weeks along the bottom), values as shares from 0 to 1. */
export function shareColumns(title: string, bars: (Omit<Bar, 'value'> & { value: number | null })[]): string {
  const left = 50;
  const plotHeight = 220;
  const top = 25;
  const column = 70;
  const width = left + bars.length * column + 10;
  const height = top + plotHeight + 50;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((g) => {
      const y = top + plotHeight - g * plotHeight;
      return `<line class="pitstop-chart__grid" x1="${left}" y1="${y}" x2="${width - 10}" y2="${y}"/><text x="${left - 8}" y="${y + 5}" text-anchor="end">${g * 100}%</text>`;
    })
    .join('');
  const body = bars
    .map((b, i) => {
      const x = left + i * column + 12;
      const h = b.value === null ? 0 : Math.round(b.value * plotHeight);
      const y = top + plotHeight - h;
      return [
        b.value === null ? '' : `<rect x="${x}" y="${y}" width="${column - 24}" height="${h}" fill="${BLUE}"/>`,
        `<text class="pitstop-chart__value" x="${x + (column - 24) / 2}" y="${y - 6}" text-anchor="middle">${esc(b.display)}</text>`,
        `<text x="${x + (column - 24) / 2}" y="${top + plotHeight + 20}" text-anchor="middle">${esc(b.label)}</text>`,
      ].join('');
    })
    .join('');
  const axis = `<line class="pitstop-chart__axis" x1="${left}" y1="${top + plotHeight}" x2="${width - 10}" y2="${top + plotHeight}"/>`;
  return svg(width, height, title, grid + body + axis);
}
