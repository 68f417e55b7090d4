/**
 * Small SVG plots for the notebooks: line charts of training curves and a grid of digit images.
 * Plain strings, so they render in any notebook front end (and in a browser page).
 */

export interface Series {
  name: string;
  values: number[];
  color?: string;
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A line chart of one or more series against their index (e.g. epochs), with a legend. */
export function lineChart(series: Series[], options: {title?: string; xLabel?: string; width?: number; height?: number} = {}): string {
  const width = options.width ?? 420;
  const height = options.height ?? 240;
  const pad = 40;
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const max = Math.max(...all);
  const min = Math.min(...all);
  const n = Math.max(...series.map((s) => s.values.length));
  const x = (i: number): number => pad + (n <= 1 ? 0 : (i / (n - 1)) * (width - 2 * pad));
  const y = (v: number): number => height - pad - ((v - min) / (max - min || 1)) * (height - 2 * pad);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#444"/>`,
    `<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${height - pad}" stroke="#444"/>`,
    `<text x="${width / 2}" y="${pad / 2}" text-anchor="middle" font-size="13">${escapeXml(options.title ?? '')}</text>`,
    `<text x="${pad - 4}" y="${pad + 4}" text-anchor="end">${max.toFixed(3)}</text>`,
    `<text x="${pad - 4}" y="${height - pad}" text-anchor="end">${min.toFixed(3)}</text>`,
    `<text x="${width / 2}" y="${height - 8}" text-anchor="middle">${escapeXml(options.xLabel ?? 'epoch')} (1-${n})</text>`,
  ];
  series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="2"/>`);
    s.values.forEach((v, i) => parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${color}"/>`));
    parts.push(`<text x="${width - pad + 4}" y="${pad + 14 * k}" fill="${color}">${escapeXml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** A row of 28×28 grey images (values in [0, 1]) with a caption under each. */
export function digitGrid(images: Float32Array[] | number[][], captions: string[], scale = 3): string {
  const size = 28 * scale;
  const gap = 10;
  const width = images.length * (size + gap) + gap;
  const height = size + 34;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`, `<rect width="${width}" height="${height}" fill="white"/>`];
  images.forEach((img, k) => {
    const ox = gap + k * (size + gap);
    for (let i = 0; i < 28; i++) {
      for (let j = 0; j < 28; j++) {
        const v = Number(img[i * 28 + j] ?? 0);
        if (v <= 0.05) continue;
        const g = Math.round(255 * (1 - Math.min(1, v)));
        parts.push(`<rect x="${ox + j * scale}" y="${8 + i * scale}" width="${scale}" height="${scale}" fill="rgb(${g},${g},${g})"/>`);
      }
    }
    parts.push(`<rect x="${ox}" y="8" width="${size}" height="${size}" fill="none" stroke="#bbb"/>`);
    parts.push(`<text x="${ox + size / 2}" y="${size + 26}" text-anchor="middle">${escapeXml(captions[k] ?? '')}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
