import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {intPair} from '../engine/config-helpers.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from './flatten.js';
import type {DataFormat} from './flatten.js';
import {repeatAxis} from './up-sampling1d.js';

export interface UpSampling2DArgs extends LayerArgs {
  /** Factors for rows and columns: one number for both, or a pair. Default [2, 2]. */
  size?: number | [number, number];
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
  /**
   * 'nearest' (default: rows and columns repeated), or a `tf.image.resize` method: 'bilinear'
   * (half-pixel), 'bicubic' (Keys' cubic, a = -0.5), 'lanczos3', 'lanczos5' or 'area'.
   */
  interpolation?: UpSampling2DInterpolation;
}

/** The interpolations Keras 3's UpSampling2D resizes with (keras/src/backend/tensorflow/image.py `resize`). */
export type UpSampling2DInterpolation = 'nearest' | 'bilinear' | 'bicubic' | 'lanczos3' | 'lanczos5' | 'area';

const UPSAMPLING_INTERPOLATIONS: readonly UpSampling2DInterpolation[] = ['nearest', 'bilinear', 'bicubic', 'lanczos3', 'lanczos5', 'area'];

/**
 * Upsamples images by integer factors (keras/src/layers/reshaping/up_sampling2d.py): 'nearest' repeats
 * rows and columns, the other interpolations resize as `tf.image.resize` does. Differentiable on every
 * backend.
 *
 * Input shape: `[batch, rows, cols, channels]` (channels last) or `[batch, channels, rows, cols]`.
 * Output shape: rows and cols multiplied by `size`.
 */
export class UpSampling2D extends Layer {
  static override readonly className = 'UpSampling2D';
  readonly size: [number, number];
  readonly dataFormat: DataFormat;
  readonly interpolation: UpSampling2DInterpolation;

  constructor(args: UpSampling2DArgs = {}) {
    super(args);
    this.size = intPair('UpSampling2D', 'size', args.size, 2);
    this.dataFormat = checkDataFormat('UpSampling2D', args.dataFormat);
    const interpolation = (args.interpolation ?? 'nearest').toLowerCase() as UpSampling2DInterpolation;
    if (!UPSAMPLING_INTERPOLATIONS.includes(interpolation)) {
      throw new ValueError(`UpSampling2D: interpolation must be one of ${UPSAMPLING_INTERPOLATIONS.map((m) => `'${m}'`).join(', ')}, received ${describe(args.interpolation)}`);
    }
    this.interpolation = interpolation;
    this.inputSpec = new InputSpec({ndim: 4});
  }

  call(inputs: Tensor): Tensor {
    const first = this.dataFormat === 'channels_first';
    const x = first ? ops.transpose(inputs, [0, 2, 3, 1]) : inputs;
    const [h, w] = [x.shape[1] as number, x.shape[2] as number];
    const y = this.interpolation === 'nearest'
      ? repeatAxis(repeatAxis(x, 1, this.size[0]), 2, this.size[1])
      : ops.resize(x, [h * this.size[0], w * this.size[1]], {interpolation: this.interpolation});
    return first ? ops.transpose(y, [0, 3, 1, 2]) : y;
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = [...(inputShape as Shape)];
    const axes = this.dataFormat === 'channels_last' ? [1, 2] : [2, 3];
    axes.forEach((a, i) => {
      const d = s[a];
      s[a] = d === null || d === undefined ? null : d * (this.size[i] as number);
    });
    return s;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), size: this.size, dataFormat: this.dataFormat, interpolation: this.interpolation};
  }
}
