import {expect} from 'chai';
import {Logs} from '@stratum/core';
import {ProgbarLogger, formatDuration} from './progbar-logger.js';
import {progbarLogger} from './index.js';

/** The escape sequence (ESC [ K, as a regex source) that clears the rest of a redrawn line. */
const CLEAR_LINE = String.raw`\u001b\[K`;

/** Runs `epochs` epochs of `steps` batches with scripted losses; returns everything written. */
async function run(args: {verbose?: number; isTTY: boolean; steps: number | null; epochs?: number; val?: boolean}): Promise<string> {
  let out = '';
  const bar = progbarLogger({verbose: args.verbose ?? 1, isTTY: args.isTTY, intervalMs: 0, write: (t) => (out += t)});
  const epochs = args.epochs ?? 2;
  bar.setParams({epochs, steps: args.steps, verbose: args.verbose ?? 1, metrics: ['loss', 'accuracy']});
  bar.onTrainBegin();
  const steps = args.steps ?? 3;
  for (let e = 0; e < epochs; e++) {
    bar.onEpochBegin(e);
    for (let b = 0; b < steps; b++) await bar.onTrainBatchEnd(b, new Logs({batch: b, size: 8, loss: 1 / (b + 1), accuracy: 0.5}));
    const logs: Record<string, number> = {loss: 0.25 + e, accuracy: 0.75};
    if (args.val === true) logs['val_loss'] = 0.125;
    await bar.onEpochEnd(e, new Logs(logs));
  }
  return out;
}

describe('ProgbarLogger', () => {
  it('TTY, verbose 1: epoch header, redrawn step counter with bar, then loss and metrics', async () => {
    const out = await run({isTTY: true, steps: 3});
    expect(out).to.contain('Epoch 1/2\n');
    expect(out).to.contain('Epoch 2/2\n');
    // \u001b[K (clear to end of line) ends every in-place redraw
    expect(out).to.match(new RegExp(String.raw`\r1/3 \[=*>\.*\] - ETA: \S+ - loss: 1\.0000 - accuracy: 0\.5000` + CLEAR_LINE));
    expect(out).to.match(/\r2\/3 \[/);
    expect(out).to.match(/\r3\/3 \[={30}\]/);
    // the epoch line: full bar, time, per-step time, epoch values
    expect(out).to.match(new RegExp(String.raw`3/3 \[={30}\] \S+ \S+/step - loss: 0\.2500 - accuracy: 0\.7500` + CLEAR_LINE + '\n'));
    expect(out).to.contain('loss: 1.2500');
    // batch and size are never printed
    expect(out).to.not.match(/batch:|size:/);
  });

  it('pipe (not a TTY), verbose 1: no per-batch redraws, one line per epoch', async () => {
    const out = await run({isTTY: false, steps: 3, val: true});
    expect(out).to.not.contain('\r');
    expect(out).to.not.contain('\x1b[K');
    const lines = out.split('\n').filter((l) => l !== '');
    expect(lines).to.have.length(4);
    expect(lines[0]).to.equal('Epoch 1/2');
    expect(lines[1]).to.match(/^3\/3 \[={30}\] .* - loss: 0\.2500 - accuracy: 0\.7500 - val_loss: 0\.1250$/);
    expect(lines[2]).to.equal('Epoch 2/2');
  });

  it('verbose 2: one "Epoch e/N - time - metrics" line per epoch', async () => {
    const out = await run({verbose: 2, isTTY: true, steps: 3});
    const lines = out.split('\n').filter((l) => l !== '');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^Epoch 1\/2 - \S+ \S+\/step - loss: 0\.2500 - accuracy: 0\.7500$/);
    expect(lines[1]).to.match(/^Epoch 2\/2 .* - loss: 1\.2500/);
  });

  it('verbose 0 writes nothing', async () => {
    expect(await run({verbose: 0, isTTY: true, steps: 3})).to.equal('');
  });

  it('unknown step count shows "n/Unknown"', async () => {
    const out = await run({isTTY: true, steps: null, epochs: 1});
    expect(out).to.contain('1/Unknown');
  });

  it('very small and very large values use exponent notation', async () => {
    let out = '';
    const bar = new ProgbarLogger({verbose: 2, isTTY: false, write: (t) => (out += t)});
    bar.setParams({epochs: 1, steps: 1, verbose: 2, metrics: []});
    bar.onTrainBegin();
    bar.onEpochBegin(0);
    await bar.onEpochEnd(0, new Logs({loss: 0.00001234, big: 123456, zero: 0}));
    expect(out).to.contain('loss: 1.2340e-5');
    expect(out).to.contain('big: 1.2346e+5');
    expect(out).to.contain('zero: 0.0000');
  });

  it('formatDuration: ms, s, m:ss, h:mm:ss', () => {
    expect(formatDuration(0.0123)).to.equal('12ms');
    expect(formatDuration(5.4)).to.equal('5s');
    expect(formatDuration(65)).to.equal('1:05');
    expect(formatDuration(3725)).to.equal('1:02:05');
  });
});
