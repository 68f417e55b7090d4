import {ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {resizedShape, spatialAxes} from './edge-pairs.js';
import type {EdgePair} from './edge-pairs.js';
import type {DataFormat} from './flatten.js';

/**
 * The zero-padding layers' base: adds `padding[i][0]` zeros at the start and `padding[i][1]` at the end
 * of each spatial axis i. Subclasses normalise their argument (1, 2 or 3 axes).
 */
export abstract class ZeroPadding extends Layer {
  /** [before, after] per spatial axis. */
  readonly padding: EdgePair[];
  readonly dataFormat: DataFormat;

  protected constructor(args: LayerArgs, padding: EdgePair[], dataFormat: DataFormat) {
    super(args);
    this.padding = padding;
    this.dataFormat = dataFormat;
    this.inputSpec = new InputSpec({ndim: padding.length + 2});
  }

  private get axes(): number[] {
    return spatialAxes(this.padding.length, this.dataFormat);
  }

  call(x: Tensor): Tensor {
    const pads: Array<[number, number]> = x.shape.map(() => [0, 0]);
    this.axes.forEach((axis, i) => (pads[axis] = this.padding[i] as EdgePair));
    return ops.pad(x, pads);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return resizedShape(inputShape as Shape, this.axes, this.padding, 1);
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), padding: this.padding, dataFormat: this.dataFormat};
  }
}
