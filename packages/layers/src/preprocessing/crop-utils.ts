/** Crop boxes and crop-then-resize, shared by Resizing, CenterCrop and RandomCrop. */
import {ops} from '@stratum/core';
import type {Tensor} from '@stratum/core';
import {asChannelsLastBatch} from '../augmentation/image-utils.js';
import type {DataFormat} from '../reshaping/flatten.js';

/** A window of an image: top-left corner and size. */
export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

/**
 * The largest centred window of an h x w image with the aspect ratio of `targetH` x `targetW`
 * (keras/src/utils/image_utils.py `smart_resize`; integer truncation as there).
 */
export function centerCropBox(h: number, w: number, targetH: number, targetW: number): CropBox {
  const height = Math.max(Math.min(h, Math.trunc((w * targetH) / targetW)), 1);
  const width = Math.max(Math.min(w, Math.trunc((h * targetW) / targetH)), 1);
  return {top: Math.trunc((h - height) / 2), left: Math.trunc((w - width) / 2), height, width};
}

/**
 * Crops `box` from every image of `x` (rank 3 or 4, either data format) and resizes the crop to `size`
 * when it differs (bilinear unless told, half-pixel centres, as Keras resizes). Skipping the resize at
 * the same size is exact for every interpolation Keras accepts (each is then the identity).
 */
export function cropAndResize(x: Tensor, box: CropBox, size: [number, number], dataFormat: DataFormat, resizeOptions: ops.ResizeOptions = {}): Tensor {
  const {images, restore} = asChannelsLastBatch(x, dataFormat);
  const [b, h, w, c] = images.shape;
  const cropped = box.top === 0 && box.left === 0 && box.height === h && box.width === w
    ? images
    : ops.slice(images, [0, box.top, box.left, 0], [b, box.height, box.width, c]);
  const resized = box.height === size[0] && box.width === size[1] ? cropped : ops.resize(cropped, size, resizeOptions);
  return restore(resized);
}
