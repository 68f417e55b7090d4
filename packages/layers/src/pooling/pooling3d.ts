import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor, Tensor5D} from '@stratum/core';
import {checkPadding, checkWindowFits, convOutputLength} from '../convolutional/conv-utils.js';
import type {PaddingMode} from '../convolutional/conv-utils.js';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {checkDataFormat} from '../reshaping/flatten.js';
import type {DataFormat} from '../reshaping/flatten.js';

type Triple = [number, number, number];

/** What core's 3-D pooling ops take. */
export interface Pool3DWindow {
  poolSize: Triple;
  strides: Triple;
  padding: PaddingMode;
}

export interface Pooling3DArgs extends LayerArgs {
  /** Window size along depth, height and width. Default [2, 2, 2]. */
  poolSize?: number | Triple;
  /** Default: poolSize. */
  strides?: number | Triple | null;
  /** Default 'valid'. */
  padding?: PaddingMode;
  /** Default 'channels_last'. */
  dataFormat?: DataFormat;
}

/** `n` or `[a, b, c]` as three positive integers, naming the argument on error. */
function intTriple(owner: string, what: string, v: number | readonly number[] | undefined, dflt: number): Triple {
  const t = v === undefined ? [dflt, dflt, dflt] : typeof v === 'number' ? [v, v, v] : [...v];
  if (t.length !== 3 || !t.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ValueError(`${owner}: ${what} must be a positive integer or a list of 3 of them, received ${describe(v)}`);
  }
  return t as Triple;
}

/**
 * The 3-D pooling layers' base: window, strides, padding and data format, and the output shape; the
 * subclass picks core's reduction (whose forward and backward passes run on every backend).
 */
export abstract class Pooling3D extends Layer {
  readonly poolSize: Triple;
  readonly strides: Triple;
  readonly padding: PaddingMode;
  readonly dataFormat: DataFormat;

  constructor(args: Pooling3DArgs = {}) {
    super(args);
    const owner = (new.target as unknown as {className: string}).className;
    this.poolSize = intTriple(owner, 'poolSize', args.poolSize, 2);
    this.strides = args.strides === null || args.strides === undefined ? this.poolSize : intTriple(owner, 'strides', args.strides, 2);
    this.padding = checkPadding(owner, args.padding);
    this.dataFormat = checkDataFormat(owner, args.dataFormat);
    this.inputSpec = new InputSpec({ndim: 5});
  }

  /** The pooling op on channels-last input. */
  protected abstract pool(x: Tensor5D, options: Pool3DWindow): Tensor5D;

  call(inputs: Tensor): Tensor {
    const channelsFirst = this.dataFormat === 'channels_first';
    const x = (channelsFirst ? ops.transpose(inputs, [0, 2, 3, 4, 1]) : inputs) as Tensor5D;
    const y = this.pool(x, {poolSize: this.poolSize, strides: this.strides, padding: this.padding});
    return channelsFirst ? ops.transpose(y, [0, 4, 1, 2, 3]) : y;
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    const s = inputShape as Shape;
    const first = this.dataFormat === 'channels_last' ? 1 : 2;
    const out = [...s];
    for (let i = 0; i < 3; i++) {
      out[first + i] = convOutputLength(s[first + i] ?? null, this.poolSize[i] as number, this.padding, this.strides[i] as number);
    }
    checkWindowFits(`${(this.constructor as unknown as {className: string}).className} "${this.name}"`, s, out);
    return out;
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), poolSize: this.poolSize, strides: this.strides, padding: this.padding, dataFormat: this.dataFormat};
  }
}
