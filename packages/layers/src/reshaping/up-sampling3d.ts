import {ValueError, describe} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from './flatten.js';
import type {DataFormat} from './flatten.js';
import {repeatAxis} from './up-sampling1d.js';

export interface UpSampling3DArgs extends LayerArgs {
  /** Factors for the three spatial axes: one number for all, or three. Default [2, 2, 2]. */
  size?: number | [number, number, number];
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
}

/**
 * Repeats the three spatial axes of volumes by integer factors (keras/src/layers/reshaping/up_sampling3d.py).
 *
 * Input shape: `[batch, d1, d2, d3, channels]` (channels last) or `[batch, channels, d1, d2, d3]`.
 * Output shape: d1, d2, d3 multiplied by `size`.
 */
export class UpSampling3D extends Layer {
  static override readonly className = 'UpSampling3D';
  readonly size: [number, number, number];
  readonly dataFormat: DataFormat;

  constructor(args: UpSampling3DArgs = {}) {
    super(args);
    const v = args.size ?? 2;
    const triple = typeof v === 'number' ? [v, v, v] : [...v];
    if (triple.length !== 3 || !triple.every((d) => Number.isInteger(d) && d > 0)) {
      throw new ValueError(`UpSampling3D: size must be a positive integer or three of them, received ${describe(args.size)}`);
    }
    this.size = triple as [number, number, number];
    this.dataFormat = checkDataFormat('UpSampling3D', args.dataFormat);
    this.inputSpec = new InputSpec({ndim: 5});
  }

  private axes(): number[] {
    return this.dataFormat === 'channels_last' ? [1, 2, 3] : [2, 3, 4];
  }

  call(x: Tensor): Tensor {
    return this.axes().reduce((y, a, i) => repeatAxis(y, a, this.size[i] as number), x);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = [...(inputShape as Shape)];
    this.axes().forEach((a, i) => {
      const d = s[a];
      s[a] = d === null || d === undefined ? null : d * (this.size[i] as number);
    });
    return s;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), size: this.size, dataFormat: this.dataFormat};
  }
}
