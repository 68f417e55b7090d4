/**
 * A layered (Sugiyama-style) layout of a plot graph, without graphviz: each box goes one layer below
 * the deepest box that feeds it (longest path from the inputs), edges that skip layers get invisible
 * waypoints in the layers between, the boxes of each layer are ordered by a few barycenter sweeps (fewer
 * crossings), then placed side by side, each layer centred. `rankdir` picks the flow direction.
 */
export type Rankdir = 'TB' | 'BT' | 'LR' | 'RL';

export interface LayoutBox {
  id: string;
  width: number;
  height: number;
  /** Boxes of one group (a nested model's cluster) are kept side by side in each layer. */
  group?: string;
}

export interface Placed {
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Layout {
  boxes: Map<string, Placed>;
  /** One polyline per edge (same order as the edges given): from the source's side to the target's. */
  edges: Point[][];
}

const LAYER_GAP = 56;
const BOX_GAP = 28;

interface Slot {
  id: string;
  main: number;
  cross: number;
  rank: number;
}

/** Longest-path layer of every box (edges go from lower to higher layers). */
function ranks(ids: readonly string[], edges: readonly [string, string][]): Map<string, number> {
  const rank = new Map(ids.map((id) => [id, 0]));
  const indegree = new Map(ids.map((id) => [id, 0]));
  for (const [, b] of edges) indegree.set(b, (indegree.get(b) ?? 0) + 1);
  const queue = ids.filter((id) => indegree.get(id) === 0);
  while (queue.length > 0) {
    const u = queue.shift() as string;
    for (const [a, b] of edges) {
      if (a !== u) continue;
      rank.set(b, Math.max(rank.get(b) ?? 0, (rank.get(u) ?? 0) + 1));
      indegree.set(b, (indegree.get(b) ?? 1) - 1);
      if (indegree.get(b) === 0) queue.push(b);
    }
  }
  return rank;
}

/** Reorders each layer by the mean position of its neighbours in the previous layer (`down`) or the next. */
function sweep(layers: string[][], links: readonly [string, string][], down: boolean): void {
  const pos = new Map<string, number>();
  layers.forEach((l) => l.forEach((id, i) => pos.set(id, i)));
  const order = down ? layers.map((_, i) => i).slice(1) : layers.map((_, i) => i).reverse().slice(1);
  for (const r of order) {
    const layer = layers[r] as string[];
    const keyed = layer.map((id, i) => {
      const near = links.filter(([a, b]) => (down ? b === id : a === id)).map(([a, b]) => pos.get(down ? a : b) as number);
      return {id, key: near.length > 0 ? near.reduce((s, v) => s + v, 0) / near.length : i, i};
    });
    keyed.sort((p, q) => p.key - q.key || p.i - q.i);
    layers[r] = keyed.map((k) => k.id);
    (layers[r] as string[]).forEach((id, i) => pos.set(id, i));
  }
}

/** Reorders a layer so that the boxes of each group are adjacent, groups placed at their mean position. */
function keepGroupsTogether(layer: readonly string[], size: ReadonlyMap<string, LayoutBox>): string[] {
  const groupOf = (id: string, i: number): string => size.get(id)?.group ?? `\u0000${i}`;
  const sums = new Map<string, {total: number; n: number}>();
  layer.forEach((id, i) => {
    const g = groupOf(id, i);
    const s = sums.get(g) ?? {total: 0, n: 0};
    sums.set(g, {total: s.total + i, n: s.n + 1});
  });
  const key = (g: string): number => {
    const s = sums.get(g) as {total: number; n: number};
    return s.total / s.n;
  };
  return layer
    .map((id, i) => ({id, i, k: key(groupOf(id, i)), g: groupOf(id, i)}))
    .sort((a, b) => a.k - b.k || (a.g < b.g ? -1 : a.g > b.g ? 1 : 0) || a.i - b.i)
    .map((e) => e.id);
}

/**
 * Positions along the flow (`main`) and across it (`cross`). Each group (cluster) gets its own band
 * across all layers, before the other boxes, so that its frame covers only its own boxes; the other
 * boxes of each layer are centred in the rest.
 */
function assignSlots(layers: readonly string[][], boxes: readonly LayoutBox[], size: ReadonlyMap<string, LayoutBox>, mainSize: (id: string) => number, crossSize: (id: string) => number): {slots: Map<string, Slot>; total: number} {
  const span = (ids: readonly string[]): number => ids.reduce((n, id) => n + crossSize(id), 0) + BOX_GAP * Math.max(0, ids.length - 1);
  const groupOf = (id: string): string | undefined => size.get(id)?.group;
  const groups = [...new Set(boxes.flatMap((b) => (b.group === undefined ? [] : [b.group])))];
  const bandStart = new Map<string, number>();
  const bandWidth = new Map<string, number>();
  let band = 0;
  for (const g of groups) {
    const w = Math.max(0, ...layers.map((l) => span(l.filter((id) => groupOf(id) === g))));
    bandStart.set(g, band);
    bandWidth.set(g, w);
    band += w + 2 * BOX_GAP;
  }
  const rest = layers.map((l) => l.filter((id) => groupOf(id) === undefined));
  const widest = Math.max(0, ...rest.map(span));
  const slots = new Map<string, Slot>();
  let main = 0;
  layers.forEach((layer, r) => {
    const thick = Math.max(0, ...layer.map(mainSize));
    const runs: [string[], number][] = groups.map((g) => {
      const ids = layer.filter((id) => groupOf(id) === g);
      return [ids, (bandStart.get(g) as number) + ((bandWidth.get(g) as number) - span(ids)) / 2];
    });
    runs.push([rest[r] as string[], band + (widest - span(rest[r] as string[])) / 2]);
    for (const [ids, start] of runs) {
      let cross = start;
      for (const id of ids) {
        slots.set(id, {id, rank: r, main: main + (thick - mainSize(id)) / 2, cross});
        cross += crossSize(id) + BOX_GAP;
      }
    }
    main += thick + LAYER_GAP;
  });
  const total = main - LAYER_GAP;
  return {slots, total};
}

/** Layers of boxes and waypoints, ordered; one chain of ids per edge (source, waypoints, target). */
function orderedLayers(boxes: readonly LayoutBox[], known: readonly [string, string][], size: ReadonlyMap<string, LayoutBox>): {layers: string[][]; chains: string[][]} {
  const rank = ranks(boxes.map((b) => b.id), known);
  // Waypoints: an edge spanning k layers passes through k - 1 zero-size boxes.
  const links: [string, string][] = [];
  const chains: string[][] = known.map(([a, b], e) => {
    const chain = [a];
    for (let r = (rank.get(a) as number) + 1; r < (rank.get(b) as number); r++) {
      const id = `\u0000${e}:${r}`;
      rank.set(id, r);
      chain.push(id);
    }
    chain.push(b);
    for (let i = 0; i + 1 < chain.length; i++) links.push([chain[i] as string, chain[i + 1] as string]);
    return chain;
  });
  const depth = Math.max(0, ...rank.values());
  const layers: string[][] = Array.from({length: depth + 1}, () => []);
  for (const [id, r] of rank) (layers[r] as string[]).push(id);
  for (let k = 0; k < 4; k++) {
    sweep(layers, links, true);
    sweep(layers, links, false);
  }
  layers.forEach((layer, r) => (layers[r] = keepGroupsTogether(layer, size)));
  return {layers, chains};
}

/** Lays out `boxes` (in their given order) joined by `edges` (pairs of ids). */
export function layeredLayout(boxes: readonly LayoutBox[], edges: readonly [string, string][], rankdir: Rankdir): Layout {
  const size = new Map(boxes.map((b) => [b.id, b]));
  const known = edges.filter(([a, b]) => size.has(a) && size.has(b) && a !== b);
  const {layers, chains} = orderedLayers(boxes, known, size);

  const vertical = rankdir === 'TB' || rankdir === 'BT';
  const mainSize = (id: string): number => {
    const b = size.get(id);
    return b === undefined ? 0 : vertical ? b.height : b.width;
  };
  const crossSize = (id: string): number => {
    const b = size.get(id);
    return b === undefined ? 0 : vertical ? b.width : b.height;
  };
  const {slots, total} = assignSlots(layers, boxes, size, mainSize, crossSize);
  const reversed = rankdir === 'BT' || rankdir === 'RL';
  const place = (s: Slot): Placed => {
    const m = reversed ? total - s.main - mainSize(s.id) : s.main;
    const width = size.get(s.id)?.width ?? 0;
    const height = size.get(s.id)?.height ?? 0;
    return vertical ? {x: s.cross, y: m, width, height} : {x: m, y: s.cross, width, height};
  };
  const placed = new Map<string, Placed>();
  for (const s of slots.values()) placed.set(s.id, place(s));

  const exit = (p: Placed, out: boolean): Point => {
    const far = out !== reversed;
    if (vertical) return {x: p.x + p.width / 2, y: far ? p.y + p.height : p.y};
    return {x: far ? p.x + p.width : p.x, y: p.y + p.height / 2};
  };
  const paths = chains.map((chain) =>
    chain.map((id, i) => {
      const p = placed.get(id) as Placed;
      if (i === 0) return exit(p, true);
      if (i === chain.length - 1) return exit(p, false);
      return {x: p.x + p.width / 2, y: p.y + p.height / 2};
    }),
  );
  const real = new Map([...placed].filter(([id]) => size.has(id)));
  return {boxes: real, edges: paths};
}
