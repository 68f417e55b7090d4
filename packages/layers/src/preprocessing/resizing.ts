import {NotSupportedError, ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {asChannelsLastBatch, spatialAxes} from '../augmentation/image-utils.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';
import {centerCropBox, cropAndResize} from './crop-utils.js';

export interface ResizingArgs extends LayerArgs {
  /** Output height. */
  height: number;
  /** Output width. */
  width: number;
  /** 'bilinear' (default) or 'nearest'. */
  interpolation?: 'bilinear' | 'nearest';
  /** Crop the largest centred window with the target aspect ratio before resizing (default false). */
  cropToAspectRatio?: boolean;
  /** Pad (with fillValue) to the target aspect ratio before resizing (default false). */
  padToAspectRatio?: boolean;
  /** Only 'constant' (the padding's fill). */
  fillMode?: 'constant';
  /** The padding's value (default 0). */
  fillValue?: number;
  /** Only false: antialiased downsampling is not implemented. */
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
 * sampling as TensorFlow does (half-pixel centres); differentiable.
 *
 * Input shape: `[batch, height, width, channels]` or `[height, width, channels]` (channels first with
 * `dataFormat: 'channels_first'`). Output shape: the same with `height` and `width` replaced.
 */
export class Resizing extends Layer {
  static override readonly className = 'Resizing';
  readonly height: number;
  readonly width: number;
  readonly interpolation: 'bilinear' | 'nearest';
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
    if (interpolation !== 'bilinear' && interpolation !== 'nearest') {
      throw new NotSupportedError(`Resizing: interpolation must be 'bilinear' or 'nearest' (bicubic, lanczos and area are not implemented), received ${describe(interpolation)}`);
    }
    this.interpolation = interpolation;
    this.cropToAspectRatio = args.cropToAspectRatio ?? false;
    this.padToAspectRatio = args.padToAspectRatio ?? false;
    if (this.cropToAspectRatio && this.padToAspectRatio) throw new ValueError('Resizing: only one of cropToAspectRatio and padToAspectRatio can be true');
    this.fillMode = args.fillMode ?? 'constant';
    if (this.fillMode !== 'constant') throw new ValueError(`Resizing: fillMode must be 'constant', received ${describe(this.fillMode)}`);
    this.fillValue = args.fillValue ?? 0;
    this.antialias = args.antialias ?? false;
    if (this.antialias) throw new NotSupportedError('Resizing: antialias true is not implemented (antialiased downsampling); use antialias false');
    this.dataFormat = checkDataFormat('Resizing', args.dataFormat);
    this.inputSpec = new InputSpec({minNdim: 3, maxNdim: 4});
  }

  call(inputs: Tensor): Tensor {
    const x = inputs.dtype === 'float32' ? inputs : ops.cast(inputs, 'float32');
    const [hAxis, wAxis] = spatialAxes(x.rank, this.dataFormat);
    const [h, w] = [x.shape[hAxis] as number, x.shape[wAxis] as number];
    const size: [number, number] = [this.height, this.width];
    if (this.cropToAspectRatio) return cropAndResize(x, centerCropBox(h, w, this.height, this.width), size, this.dataFormat, this.interpolation);
    if (this.padToAspectRatio) return this.padThenResize(x, h, w);
    return cropAndResize(x, {top: 0, left: 0, height: h, width: w}, size, this.dataFormat, this.interpolation);
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
    return restore(same ? padded : ops.resize(padded, [this.height, this.width], {interpolation: this.interpolation}));
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
