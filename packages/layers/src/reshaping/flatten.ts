import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {sizeOf} from '../engine/shape.js';

export type DataFormat = 'channels_last' | 'channels_first';

export interface FlattenArgs extends LayerArgs {
  /** Default 'channels_last'. With 'channels_first', channels are moved last before flattening (Keras). */
  dataFormat?: DataFormat;
}

/**
 * Flattens every axis but the batch axis.
 *
 * Input shape: `[batch, ...]`. Output shape: `[batch, product of the rest]`.
 */
export class Flatten extends Layer {
  static override readonly className = 'Flatten';
  readonly dataFormat: DataFormat;
  constructor(args: FlattenArgs = {}) {
    super(args);
    this.dataFormat = checkDataFormat('Flatten', args.dataFormat);
  }
  call(inputs: Tensor): Tensor {
    let x = inputs;
    if (this.dataFormat === 'channels_first' && x.rank > 2) {
      x = ops.transpose(x, [0, ...Array.from({length: x.rank - 2}, (_v, i) => i + 2), 1]);
    }
    return ops.reshape(x, [x.shape[0] as number, -1]);
  }
  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    return [s[0] ?? null, s.length <= 1 ? 1 : sizeOf(s.slice(1))];
  }
  override getConfig(): ConfigDict {
    return {...super.getConfig(), dataFormat: this.dataFormat};
  }
}

export function checkDataFormat(owner: string, v: string | undefined): DataFormat {
  const f = v ?? 'channels_last';
  const norm = f === 'channelsLast' ? 'channels_last' : f === 'channelsFirst' ? 'channels_first' : f;
  if (norm !== 'channels_last' && norm !== 'channels_first') {
    throw new ValueError(`${owner}: dataFormat must be 'channels_last' or 'channels_first', received ${describe(v)}`);
  }
  return norm;
}
