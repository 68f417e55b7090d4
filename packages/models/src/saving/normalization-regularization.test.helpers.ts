/** A model with every normalization and regularization layer: in [6, 8] → … → DropConnect(Dense 3). */
import {AlphaDropout, Dense, DropConnect, Dropout, GaussianDropout, GaussianNoise, GroupNormalization, LayerNormalization, RMSNormalization, SpatialDropout1D, UnitNormalization, input} from '@stratum/layers';
import {model} from '../index.js';
import type {Model} from '../index.js';

export function sequenceModel(): Model {
  const x = input({shape: [6, 8], name: 'seq'});
  let h = new Dense({units: 8, activation: 'tanh', name: 'proj'}).apply(x);
  h = new LayerNormalization({axis: [-1, 1], name: 'ln'}).apply(h);
  h = new GroupNormalization({groups: 4, name: 'gn'}).apply(h);
  h = new RMSNormalization({name: 'rms'}).apply(h);
  h = new SpatialDropout1D({rate: 0.2, seed: 1, name: 'sd1'}).apply(h);
  h = new GaussianNoise({stddev: 0.1, seed: 2, name: 'noise'}).apply(h);
  h = new GaussianDropout({rate: 0.1, seed: 5, name: 'gdrop'}).apply(h);
  h = new AlphaDropout({rate: 0.1, noiseShape: [null, 1, null], seed: 6, name: 'adrop'}).apply(h);
  h = new Dropout({rate: 0.2, noiseShape: [null, 1, null], seed: 3, name: 'drop'}).apply(h);
  h = new UnitNormalization({name: 'unit'}).apply(h);
  const y = new DropConnect({layer: new Dense({units: 3, name: 'head'}), rate: 0.3, seed: 4, name: 'dc'}).apply(h);
  return model({inputs: x, outputs: y, name: 'normreg'});
}
