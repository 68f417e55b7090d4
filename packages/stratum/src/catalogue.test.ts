/**
 * The layer catalogue is the one list of layers (packages/layers/src/register.ts): every exported layer
 * class is in it (or is an abstract base exported for subclassing), and every class in it is registered
 * for deserialization, has an `st.layers` factory, a config schema entry, and TSDoc on the class and on
 * the factory.
 */
import {expect} from 'chai';
import {readFileSync, readdirSync, statSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {LAYER_CONFIG_SCHEMAS, lookupClass} from '@stratum/core';
import * as layerPackage from '@stratum/layers';
import {LAYER_CLASSES, Layer, factoryName} from '@stratum/layers';
import * as st from './index.js';

/** Abstract bases exported so users can subclass them; not layers of their own. */
const BASES = ['Layer', 'Wrapper', 'Merge', 'GlobalPooling', 'Pooling1D', 'Pooling2D', 'Pooling3D', 'Cropping', 'ZeroPadding', 'SpatialDropout', 'RandomImageLayer', 'AffineAugmentation', 'Model', 'Sequential', 'Functional'];

const here = dirname(fileURLToPath(import.meta.url));

function declarations(dir: string): string {
  let text = '';
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) text += declarations(p);
    else if (name.endsWith('.d.ts')) text += `${readFileSync(p, 'utf8')}\n`;
  }
  return text;
}

const className = (cls: unknown): string => (cls as {className: string}).className;

describe('layer catalogue', () => {
  const classes = LAYER_CLASSES as unknown as (abstract new (...args: never[]) => unknown)[];

  it('lists every exported layer class (abstract bases aside)', () => {
    const exported = Object.entries(layerPackage).filter(([, v]) => typeof v === 'function' && (v as {prototype: unknown}).prototype instanceof Layer);
    const missing = exported.filter(([name, v]) => !classes.includes(v as never) && !BASES.includes(name)).map(([name]) => name);
    expect(missing, `exported layer classes missing from LAYER_CLASSES`).to.deep.equal([]);
    expect(new Set(classes.map(className)).size).to.equal(classes.length);
  });

  it('every catalogued class is registered, has a factory and a config schema entry', () => {
    const problems: string[] = [];
    for (const cls of classes) {
      const name = className(cls);
      try {
        if (lookupClass('layer', name) !== (cls as unknown)) problems.push(`${name}: registered name resolves to another class`);
      } catch {
        problems.push(`${name}: not registered`);
      }
      const factory = (st.layers as unknown as Record<string, unknown>)[factoryName(name)];
      if (typeof factory !== 'function') problems.push(`${name}: no st.layers.${factoryName(name)} factory`);
      if (!Object.hasOwn(LAYER_CONFIG_SCHEMAS, name)) problems.push(`${name}: no LAYER_CONFIG_SCHEMAS entry`);
    }
    expect(problems).to.deep.equal([]);
  });

  it('every catalogued class and its factory carry TSDoc', () => {
    const layersDts = declarations(join(here, '..', '..', 'layers', 'dist'));
    const factoriesDts = readFileSync(join(here, 'layers.d.ts'), 'utf8');
    const problems: string[] = [];
    for (const cls of classes) {
      const name = className(cls);
      if (!new RegExp(`\\*/\\s*export declare (abstract )?class ${name}\\b`).test(layersDts)) problems.push(`class ${name} has no TSDoc`);
      if (!new RegExp(`\\*/\\s*export declare const ${factoryName(name)}:`).test(factoriesDts)) problems.push(`factory ${factoryName(name)} has no TSDoc`);
    }
    expect(problems).to.deep.equal([]);
  });

  it('names factories as st.layers always has', () => {
    expect(['Dense', 'Conv2D', 'RMSNormalization', 'ELU', 'ReLU', 'PReLU', 'Conv1DTranspose', 'GlobalMaxPooling3D'].map(factoryName)).to.deep.equal(['dense', 'conv2d', 'rmsNormalization', 'elu', 'reLU', 'pReLU', 'conv1dTranspose', 'globalMaxPooling3d']);
  });
});
