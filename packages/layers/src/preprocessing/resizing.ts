import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {asChannelsLastBatch, spatialAxes} from '../augmentation/image-utils.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';
import {centerCropBox, cropAndResize} from './crop-utils.js';

/**
 * The interpolations Keras 3's Resizing accepts (keras/src/backend/tensorflow/image.py
 * `RESIZE_INTERPOLATIONS`), weighted as `tf.image.resize` does.
 */
export type ResizingInterpolation = 'bilinear' | 'nearest' | 'bicubic' | 'area' | 'lanczos3' | 'lanczos5';

const RESIZING_INTERPOLATIONS: readonly ResizingInterpolation[] = ['bilinear', 'nearest', 'lanczos3', 'lanczos5', 'bicubic', 'area'];

/** The largest float32 that casts into int32 (2^31 - 128): the upper clip of a saturating cast. */
const INT32_CLIP_MAX = 2147483520;

export interface ResizingArgs extends LayerArgs {
  /** Output height. */
  height: number;
  /** Output width. */
  width: number;
  /**
   * 'bilinear' (default), 'nearest', 'bicubic' (Keys' cubic, a = -0.5), 'area', 'lanczos3' or
   * 'lanczos5'.
   */
  interpolation?: ResizingInterpolation;
  /** Crop the largest centred window with the target aspect ratio before resizing (default false). */
  cropToAspectRatio?: boolean;
  /** Pad (with fillValue) to the target aspect ratio before resizing (default false). */
  padToAspectRatio?: boolean;
  /** Only 'constant' (the padding's fill). */
  fillMode?: 'constant';
  /** The padding's value (default 0). */
  fillValue?: number;
  /**
   * When downsampling, low-pass filter as well as interpolate (the kernel widened by the downscale
   * factor, as `tf.image.resize` with `antialias`); default false. No effect on 'nearest' and 'area'.
   */
  antialias?: boolean;
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
}

/** Checks height and width arguments. */
export function checkSize(owner: string, height: unknown, width: unknown): [number, number] {
  for (const [what, v] of [['height', height], ['width', width]] as const) {
    if (!Number.isInteger(v) || (v as number) <= 0) throw new ValueError(`${owner}: ${what} must be a positive integer, received ${describe(v)}`);
  }
  return [height as number, width as number];
}

/** The input shape with its height and width replaced. */
export function withSize(inputShape: ShapeStructure, dataFormat: DataFormat, height: number, width: number): Shape {
  const s = [...(inputShape as Shape)];
  const [hAxis, wAxis] = spatialAxes(s.length, dataFormat);
  [s[hAxis], s[wAxis]] = [height, width];
  return s;
}

/**
 * Resizes images to `height` x `width` (keras/src/layers/preprocessing/image_preprocessing/resizing.py),
 * sampling as TensorFlow's `tf.image.resize` does (half-pixel centres); differentiable with respect to
 * float images. Integer images come back in their dtype: rounded half to even and clipped into the
 * dtype's range, as Keras does (its `_saturate_cast`).
 *
 * Input shape: `[batch, height, width, channels]` or `[height, width, channels]` (channels first with
 * `dataFormat: 'channels_first'`). Output shape: the same with `height` and `width` replaced.
 */
export class Resizing extends Layer {
  static override readonly className = 'Resizing';
  readonly height: number;
  readonly width: number;
  readonly interpolation: ResizingInterpolation;
  readonly cropToAspectRatio: boolean;
  readonly padToAspectRatio: boolean;
  readonly fillMode: 'constant';
  readonly fillValue: number;
  readonly antialias: boolean;
  readonly dataFormat: DataFormat;

  constructor(args: ResizingArgs) {
    super(args);
    [this.height, this.width] = checkSize('Resizing', args.height, args.width);
    const interpolation = args.interpolation ?? 'bilinear';
    if (!RESIZING_INTERPOLATIONS.includes(interpolation)) {
      throw new ValueError(`Resizing: interpolation must be one of ${RESIZING_INTERPOLATIONS.map((m) => `'${m}'`).join(', ')}, received ${describe(interpolation)}`);
    }
    this.interpolation = interpolation;
    this.cropToAspectRatio = args.cropToAspectRatio ?? false;
    this.padToAspectRatio = args.padToAspectRatio ?? false;
    if (this.cropToAspectRatio && this.padToAspectRatio) throw new ValueError('Resizing: only one of cropToAspectRatio and padToAspectRatio can be true');
    this.fillMode = args.fillMode ?? 'constant';
    if (this.fillMode !== 'constant') throw new ValueError(`Resizing: fillMode must be 'constant', received ${describe(this.fillMode)}`);
    this.fillValue = args.fillValue ?? 0;
    if (args.antialias !== undefined && typeof args.antialias !== 'boolean') throw new ValueError(`Resizing: antialias must be a boolean, received ${describe(args.antialias)}`);
    this.antialias = args.antialias ?? false;
    this.dataFormat = checkDataFormat('Resizing', args.dataFormat);
    this.inputSpec = new InputSpec({minNdim: 3, maxNdim: 4});
  }

  call(inputs: Tensor): Tensor {
    // Nearest only picks pixels: integers stay exact (tf.image.resize keeps the dtype there).
    if (inputs.dtype === 'int32' && this.interpolation === 'nearest') return this.resize(inputs);
    const resized = this.resize(inputs.dtype === 'float32' ? inputs : ops.cast(inputs, 'float32'));
    if (inputs.dtype !== 'int32') return resized;
    // keras/src/layers/preprocessing/image_preprocessing/resizing.py: integer images are rounded (half
    // to even) and cast back saturating: clipped to the float32 values that fit the dtype.
    return ops.cast(ops.clipByValue(ops.round(resized), -2147483648, INT32_CLIP_MAX), 'int32');
  }

  private resize(x: Tensor): Tensor {
    const [hAxis, wAxis] = spatialAxes(x.rank, this.dataFormat);
    const [h, w] = [x.shape[hAxis] as number, x.shape[wAxis] as number];
    const size: [number, number] = [this.height, this.width];
    const options = {interpolation: this.interpolation, antialias: this.antialias};
    if (this.cropToAspectRatio) return cropAndResize(x, centerCropBox(h, w, this.height, this.width), size, this.dataFormat, options);
    if (this.padToAspectRatio) return this.padThenResize(x, h, w);
    return cropAndResize(x, {top: 0, left: 0, height: h, width: w}, size, this.dataFormat, options);
  }

  /** Pads symmetrically to the target aspect ratio (keras/src/backend/tensorflow/image.py `resize`), then resizes. */
  private padThenResize(x: Tensor, h: number, w: number): Tensor {
    const padH = Math.max(h, Math.trunc((w * this.height) / this.width));
    const padW = Math.max(w, Math.trunc((h * this.width) / this.height));
    const [top, left] = [Math.trunc((padH - h) / 2), Math.trunc((padW - w) / 2)];
    const {images, restore} = asChannelsLastBatch(x, this.dataFormat);
    const padded = ops.pad(images, [[0, 0], [top, top], [left, left], [0, 0]], this.fillValue);
    const [ph, pw] = [padded.shape[1] as number, padded.shape[2] as number];
    const same = ph === this.height && pw === this.width;
    return restore(same ? padded : ops.resize(padded, [this.height, this.width], {interpolation: this.interpolation, antialias: this.antialias}));
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return withSize(inputShape, this.dataFormat, this.height, this.width);
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(), height: this.height, width: this.width, interpolation: this.interpolation, cropToAspectRatio: this.cropToAspectRatio,
      padToAspectRatio: this.padToAspectRatio, fillMode: this.fillMode, fillValue: this.fillValue, antialias: this.antialias, dataFormat: this.dataFormat,
    };
  }
}
