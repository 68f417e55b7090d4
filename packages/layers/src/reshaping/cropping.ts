import {ValueError, describe, ops} from '@stratum/core';
import type {ConfigDict, Tensor} from '@stratum/core';
import {InputSpec} from '../engine/input-spec.js';
import {Layer} from '../engine/layer.js';
import type {LayerArgs} from '../engine/layer.js';
import type {Shape, ShapeStructure} from '../engine/shape.js';
import {resizedShape, spatialAxes} from './edge-pairs.js';
import type {EdgePair} from './edge-pairs.js';
import type {DataFormat} from './flatten.js';

/**
 * The cropping layers' base: removes `cropping[i][0]` entries at the start and `cropping[i][1]` at the
 * end of each spatial axis i. Subclasses normalise their argument (1, 2 or 3 axes).
 */
export abstract class Cropping extends Layer {
  /** [before, after] per spatial axis. */
  readonly cropping: EdgePair[];
  readonly dataFormat: DataFormat;

  protected constructor(args: LayerArgs, cropping: EdgePair[], dataFormat: DataFormat) {
    super(args);
    this.cropping = cropping;
    this.dataFormat = dataFormat;
    this.inputSpec = new InputSpec({ndim: cropping.length + 2});
  }

  private get axes(): number[] {
    return spatialAxes(this.cropping.length, this.dataFormat);
  }

  /** The cropped shape, or a ValueError when the cropping leaves nothing of an axis. */
  private croppedShape(shape: Shape): Shape {
    const out = resizedShape(shape, this.axes, this.cropping, -1);
    if (out.some((d) => d !== null && d <= 0)) {
      const owner = (this.constructor as unknown as {className: string}).className;
      throw new ValueError(
        `${owner} "${this.name}": cropping ${describe(this.cropping)} must leave at least one entry of every cropped axis, received input shape ${describe(shape)}`,
      );
    }
    return out;
  }

  call(x: Tensor): Tensor {
    const size = this.croppedShape(x.shape) as number[];
    const begin = x.shape.map(() => 0);
    this.axes.forEach((axis, i) => (begin[axis] = (this.cropping[i] as EdgePair)[0]));
    return ops.slice(x, begin, size);
  }

  override computeOutputShape(inputShape: ShapeStructure): ShapeStructure {
    return this.croppedShape(inputShape as Shape);
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), cropping: this.cropping, dataFormat: this.dataFormat};
  }
}
