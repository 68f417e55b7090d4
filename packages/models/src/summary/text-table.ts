/**
 * Plain-text rendering of a table the way Keras 3's `print_summary` gets it from the `rich` library
 * (keras/src/utils/summary_utils.py builds a `rich.table.Table(*columns, width=line_length,
 * show_lines=True)` with fixed-width columns and prints it without colours): the HEAVY_HEAD box (heavy
 * lines around the header, light lines below), one space of padding on each side of a cell, a rule
 * between rows, words wrapped inside a cell and a word too long for its cell cut with "…".
 *
 * Column widths follow rich's rules for fixed-width columns: each column asks for its width plus the
 * two padding spaces; when the total exceeds the table width less the border characters, the excess is
 * taken from the columns evenly (rich `ratio_reduce`, Python rounding). Every character counts as one
 * cell wide (layer names and shapes are ASCII).
 */

export type Justify = 'left' | 'right' | 'center';

export interface TextColumn {
  header: string;
  justify: Justify;
  /** Width of the column's text (Keras `column_widths[i]`), padding excluded. */
  width: number;
}

/** Python's `round` of a non-negative float: halves go to the even neighbour. */
function pyRound(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** rich `_ratio.ratio_reduce`: takes `total` from `values` in proportion to `ratios`, at most `maximums[i]` each. */
export function ratioReduce(total: number, ratios: readonly number[], maximums: readonly number[], values: readonly number[]): number[] {
  const r = ratios.map((ratio, i) => ((maximums[i] ?? 0) !== 0 ? ratio : 0));
  let totalRatio = r.reduce((a, b) => a + b, 0);
  if (totalRatio === 0) return [...values];
  let remaining = total;
  return values.map((value, i) => {
    const ratio = r[i] as number;
    if (ratio === 0 || totalRatio <= 0) return value;
    const distributed = Math.min(maximums[i] as number, pyRound((ratio * remaining) / totalRatio));
    remaining -= distributed;
    totalRatio -= ratio;
    return value - distributed;
  });
}

/** The rendered widths of the columns (padding included, borders excluded) in a table `tableWidth` wide. */
export function columnWidths(columns: readonly TextColumn[], tableWidth: number): number[] {
  const maxWidth = tableWidth - (columns.length + 1);
  let widths = columns.map((c) => Math.max(0, Math.min(c.width + 2, maxWidth)));
  const sum = widths.reduce((a, b) => a + b, 0);
  if (sum > maxWidth) {
    widths = ratioReduce(sum - maxWidth, widths.map(() => 1), widths, widths);
    widths = widths.map((w, i) => (w < 1 ? 0 : Math.min((columns[i] as TextColumn).width + 2, w)));
  }
  return widths;
}

/** rich `_wrap.divide_line` without folding: offsets where a line breaks so that words fit `width`. */
function divideLine(text: string, width: number): number[] {
  const breaks: number[] = [];
  const word = /\s*\S+\s*/y;
  let position = 0;
  let m: RegExpExecArray | null;
  word.lastIndex = 0;
  while ((m = word.exec(text)) !== null) {
    const start = m.index;
    const w = m[0];
    const length = w.trimEnd().length;
    if (position + length > width) {
      if (length > width) {
        if (start > 0) breaks.push(start);
        position = w.length;
      } else if (position > 0 && start > 0) {
        breaks.push(start);
        position = w.length;
      }
    } else {
      position += w.length;
    }
  }
  return breaks;
}

function truncate(line: string, width: number): string {
  return line.length > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line;
}

/** rich `Text.wrap` with overflow "ellipsis" and the given justification: lines exactly `width` long. */
export function wrapCell(text: string, width: number, justify: Justify): string[] {
  const out: string[] = [];
  for (const source of text.split('\n')) {
    const cuts = [0, ...divideLine(source, width), source.length];
    for (let i = 0; i + 1 < cuts.length; i++) {
      let line = source.slice(cuts[i], cuts[i + 1]);
      // rstrip_end: trailing whitespace beyond the width goes.
      if (line.length > width) {
        const trailing = line.length - line.trimEnd().length;
        line = line.slice(0, line.length - Math.min(trailing, line.length - width));
      }
      if (justify === 'left') {
        out.push(truncate(line, width).padEnd(width));
      } else {
        line = truncate(line.trimEnd(), width);
        const space = width - line.length;
        const left = justify === 'right' ? space : Math.floor(space / 2);
        out.push(' '.repeat(left) + line + ' '.repeat(space - left));
      }
    }
  }
  return out;
}

/** A cell as rich pads it: one space each side, then cut or padded to the column's width. */
function renderCell(text: string, width: number, justify: Justify): string[] {
  const inner = Math.max(0, width - 2);
  return wrapCell(text, inner, justify).map((l) => ` ${l} `.slice(0, width).padEnd(width));
}

function renderRow(cells: readonly string[], columns: readonly TextColumn[], widths: readonly number[], header: boolean): string[] {
  const rendered = cells.map((c, i) => renderCell(c, widths[i] as number, (columns[i] as TextColumn).justify));
  const height = Math.max(1, ...rendered.map((r) => r.length));
  // Header cells sit at the bottom of their row, body cells at the top (rich's vertical alignment).
  const aligned = rendered.map((r, i) => {
    const blank = ' '.repeat(widths[i] as number);
    const pad = Array.from({length: height - r.length}, () => blank);
    return header ? [...pad, ...r] : [...r, ...pad];
  });
  const edge = header ? '┃' : '│';
  return Array.from({length: height}, (_, k) => edge + aligned.map((r) => r[k]).join(edge) + edge);
}

function rule(widths: readonly number[], left: string, fill: string, cross: string, right: string): string {
  return left + widths.map((w) => fill.repeat(w)).join(cross) + right;
}

/** The table's lines: header, then each row, rules between rows (rich `show_lines=True`). */
export function renderTable(columns: readonly TextColumn[], rows: readonly (readonly string[])[], tableWidth: number): string[] {
  const widths = columnWidths(columns, tableWidth);
  const lines = [rule(widths, '┏', '━', '┳', '┓'), ...renderRow(columns.map((c) => c.header), columns, widths, true), rule(widths, '┡', '━', '╇', '┩')];
  rows.forEach((row, i) => {
    if (i > 0) lines.push(rule(widths, '├', '─', '┼', '┤'));
    lines.push(...renderRow(row, columns, widths, false));
  });
  lines.push(rule(widths, '└', '─', '┴', '┘'));
  return lines;
}
