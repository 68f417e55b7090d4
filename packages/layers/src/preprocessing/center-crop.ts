import {ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {spatialAxes} from '../augmentation/image-utils.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';
import {centerCropBox, cropAndResize} from './crop-utils.js';
import {checkSize, withSize} from './resizing.js';

export interface CenterCropArgs extends LayerArgs {
  /** Output height. */
  height: number;
  /** Output width. */
  width: number;
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
}

/**
 * Crops the centre `height` x `width` window of each image; an image smaller than that in either
 * dimension is instead centre-cropped to the target's aspect ratio and resized (bilinear), as Keras's
 * `smart_resize` does (keras/src/layers/preprocessing/image_preprocessing/center_crop.py).
 *
 * Input shape: `[batch, height, width, channels]` or `[height, width, channels]` (channels first with
 * `dataFormat: 'channels_first'`). Output shape: the same with `height` and `width` replaced.
 */
export class CenterCrop extends Layer {
  static override readonly className = 'CenterCrop';
  readonly height: number;
  readonly width: number;
  readonly dataFormat: DataFormat;

  constructor(args: CenterCropArgs) {
    super(args);
    [this.height, this.width] = checkSize('CenterCrop', args.height, args.width);
    this.dataFormat = checkDataFormat('CenterCrop', args.dataFormat);
    this.inputSpec = new InputSpec({minNdim: 3, maxNdim: 4});
  }

  call(inputs: Tensor): Tensor {
    const x = inputs.dtype === 'float32' ? inputs : ops.cast(inputs, 'float32');
    const [hAxis, wAxis] = spatialAxes(x.rank, this.dataFormat);
    const [h, w] = [x.shape[hAxis] as number, x.shape[wAxis] as number];
    const size: [number, number] = [this.height, this.width];
    if (h >= this.height && w >= this.width) {
      const box = {top: Math.floor((h - this.height) / 2), left: Math.floor((w - this.width) / 2), height: this.height, width: this.width};
      return cropAndResize(x, box, size, this.dataFormat);
    }
    return cropAndResize(x, centerCropBox(h, w, this.height, this.width), size, this.dataFormat);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return withSize(inputShape, this.dataFormat, this.height, this.width);
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), height: this.height, width: this.width, dataFormat: this.dataFormat};
  }
}
