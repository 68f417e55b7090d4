/**
 * The Keras-style `model.summary()` table: layer (type), output shape, parameter count, then totals.
 */
import type {AnyLayer} from '@stratum/layers';
import {shapeToString} from '@stratum/layers';

interface Summarizable {
  readonly name: string;
  readonly layers: AnyLayer[];
  countParams(): number;
  readonly trainableWeights: {size: number}[];
}

function outputShape(layer: AnyLayer): string {
  const node = layer.inboundNodes[layer.inboundNodes.length - 1];
  if (node === undefined) return '?';
  const shapes = node.outputTensors.map((t) => shapeToString(t.shape));
  return shapes.length === 1 ? (shapes[0] as string) : shapes.join(', ');
}

function fit(text: string, width: number): string {
  return text.length >= width ? `${text.slice(0, width - 2)}… ` : text.padEnd(width);
}

function human(n: number): string {
  const bytes = n * 4;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(2)} KB`;
  return `${bytes} B`;
}

export function formatSummary(model: Summarizable): string {
  const cols = [34, 26, 12];
  const total = cols.reduce((a, b) => a + b, 0);
  const rule = (c: string): string => c.repeat(total);
  const lines = [`Model: "${model.name}"`, rule('━'), fit('Layer (type)', cols[0] as number) + fit('Output Shape', cols[1] as number) + 'Param #'.padStart(cols[2] as number), rule('━')];
  model.layers.forEach((layer, i) => {
    const type = (layer.constructor as {className?: string}).className ?? 'Layer';
    const frozen = layer.trainable ? '' : ' (frozen)';
    lines.push(fit(`${layer.name} (${type})${frozen}`, cols[0] as number) + fit(outputShape(layer), cols[1] as number) + layer.countParams().toLocaleString('en-US').padStart(cols[2] as number));
    if (i < model.layers.length - 1) lines.push(rule('─'));
  });
  const all = model.countParams();
  const trainable = model.trainableWeights.reduce((n, w) => n + w.size, 0);
  lines.push(rule('━'));
  lines.push(` Total params: ${all.toLocaleString('en-US')} (${human(all)})`);
  lines.push(` Trainable params: ${trainable.toLocaleString('en-US')} (${human(trainable)})`);
  lines.push(` Non-trainable params: ${(all - trainable).toLocaleString('en-US')} (${human(all - trainable)})`);
  return lines.join('\n');
}
