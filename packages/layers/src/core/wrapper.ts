/**
 * `Wrapper`: the base of layers that hold one other layer and augment it (Keras `keras.layers.Wrapper`;
 * `TimeDistributed` and `Bidirectional` build on it). The wrapped layer is tracked (its weights, paths
 * `<wrapper>/<layer>/<weight>`, `trainable`, regularization and `dispose` go through the wrapper) and is
 * written in the config as `layer`, a nested Keras envelope (keras/src/layers/core/wrapper.py).
 */
import {ValueError, describe} from '@stratum/core';
import type {ConfigDict} from '@stratum/core';
import {Layer} from '../engine/layer.js';
import type {AnyLayer, LayerArgs, LayerIO} from '../engine/layer.js';
import {deserializeLayer, serializeLayer} from '../engine/nested-config.js';
import type {ShapeStructure} from '../engine/shape.js';

export interface WrapperArgs extends LayerArgs {
  /** The layer to wrap (or, from a config, its serialized envelope). */
  layer: AnyLayer;
}

/** Abstract: subclasses implement `call` (and usually `computeOutputShape`) around `this.layer`. */
export abstract class Wrapper<In extends LayerIO = LayerIO, Out extends LayerIO = LayerIO> extends Layer<In, Out> {
  static override readonly className: string = 'Wrapper';
  /** The wrapped layer. */
  readonly layer: AnyLayer;

  constructor(args: WrapperArgs) {
    const cls = new.target as unknown as typeof Wrapper;
    if (!(args?.layer instanceof Layer)) {
      throw new ValueError(`${cls.className}: layer must be a layer, received ${describe(args?.layer)}`);
    }
    super(args);
    this.layer = this.trackLayer(args.layer);
  }

  /** Builds the wrapped layer for the same input shape when it is not built yet (as Keras's Wrapper). */
  override build(inputShape: ShapeStructure): void {
    if (!this.layer.built) {
      this.layer.build(inputShape);
      this.layer.built = true;
    }
    super.build(inputShape);
  }

  override getConfig(): ConfigDict {
    return {...super.getConfig(), layer: serializeLayer(this.layer)};
  }

  /** Rebuilds the wrapper: `config.layer` is the wrapped layer's envelope. */
  static fromConfig<T>(this: new (args: WrapperArgs) => T, config: ConfigDict): T {
    const owner = (this as unknown as typeof Wrapper).className;
    return new this({...(config as unknown as LayerArgs), layer: deserializeLayer(config['layer'], owner, 'layer')});
  }
}
