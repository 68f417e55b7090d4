/** Shape arithmetic shared by convolution and pooling layers (TF/Keras rules). */
import {ShapeError, ValueError, describe} from '@stratum/core';
import {shapeToString} from '../engine/shape.js';

export type PaddingMode = 'valid' | 'same';

/** Output length along one axis. */
export function convOutputLength(input: number | null, kernel: number, padding: PaddingMode, stride: number, dilation = 1): number | null {
  if (input === null) return null;
  const effective = (kernel - 1) * dilation + 1;
  const len = padding === 'same' ? input : input - effective + 1;
  return Math.max(0, Math.floor((len + stride - 1) / stride));
}

/** Refuses a window that does not fit its input (an output dimension of 0), naming the layer and shapes. */
export function checkWindowFits(owner: string, inputShape: readonly (number | null)[], outputShape: readonly (number | null)[]): void {
  if (outputShape.some((d) => d === 0) && !inputShape.some((d) => d === 0)) {
    throw new ShapeError(`${owner}: the window does not fit an input of shape ${shapeToString(inputShape)}: the output shape would be ${shapeToString(outputShape)}`);
  }
}

export function checkPadding(owner: string, v: string | undefined, allowed: readonly string[] = ['valid', 'same']): PaddingMode {
  const p = v ?? 'valid';
  if (!allowed.includes(p)) throw new ValueError(`${owner}: padding must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, received ${describe(v)}`);
  return p as PaddingMode;
}
