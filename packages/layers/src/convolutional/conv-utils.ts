/** Shape arithmetic shared by convolution and pooling layers (TF/Keras rules). */
import {ValueError, describe} from '@stratum/core';

export type PaddingMode = 'valid' | 'same';

/** Output length along one axis. */
export function convOutputLength(input: number | null, kernel: number, padding: PaddingMode, stride: number, dilation = 1): number | null {
  if (input === null) return null;
  const effective = (kernel - 1) * dilation + 1;
  const len = padding === 'same' ? input : input - effective + 1;
  return Math.max(0, Math.floor((len + stride - 1) / stride));
}

export function checkPadding(owner: string, v: string | undefined, allowed: readonly string[] = ['valid', 'same']): PaddingMode {
  const p = v ?? 'valid';
  if (!allowed.includes(p)) throw new ValueError(`${owner}: padding must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, received ${describe(v)}`);
  return p as PaddingMode;
}
