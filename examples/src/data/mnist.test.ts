import {expect} from 'chai';
import * as st from 'stratum';
import {loadMnist, seededRandom} from './mnist.js';

describe('MNIST loader (examples)', () => {
  before(async () => {
    await st.ready();
  });

  it('splits the 10,000 shipped digits reproducibly into train and test', async () => {
    const a = loadMnist({testSize: 2000});
    const b = loadMnist({testSize: 2000});
    expect(a.xTest.shape).to.deep.equal([2000, 28, 28, 1]);
    expect(a.yTest.shape).to.deep.equal([2000, 10]);
    expect(a.xTrain.shape[0] + a.xTest.shape[0]).to.be.within(9900, 10100);
    expect(Array.from(a.testLabels)).to.deep.equal(Array.from(b.testLabels));
    // every class appears in the test set, roughly uniformly (about 200 each)
    const counts = new Array<number>(10).fill(0);
    for (const l of a.testLabels) counts[l] = (counts[l] as number) + 1;
    for (const c of counts) expect(c).to.be.within(120, 280);
    const px = await a.xTrain.max().data();
    expect(px[0]).to.be.at.most(1);
    st.dispose([a.xTrain, a.yTrain, a.xTest, a.yTest, b.xTrain, b.yTrain, b.xTest, b.yTest]);
  });

  it('seededRandom repeats for a seed and differs across seeds', () => {
    const r1 = seededRandom(7);
    const r2 = seededRandom(7);
    const r3 = seededRandom(8);
    const s1 = [r1(), r1(), r1()];
    expect(s1).to.deep.equal([r2(), r2(), r2()]);
    expect(s1).to.not.deep.equal([r3(), r3(), r3()]);
    for (const v of s1) expect(v).to.be.within(0, 1);
  });
});
