import {expect} from 'chai';
import {digitGrid, lineChart} from './plots.js';

describe('notebook plots (examples)', () => {
  it('draws one polyline per series, with the extremes as axis labels', () => {
    const svg = lineChart([{name: 'loss', values: [2, 1, 0.5]}, {name: 'val_loss', values: [2.5, 1.5, 1]}], {title: 'a & b'});
    expect(svg.startsWith('<svg')).to.equal(true);
    expect(svg.match(/<polyline/g)).to.have.length(2);
    expect(svg).to.include('>2.500<').and.include('>0.500<').and.include('a &amp; b');
  });

  it('draws only the inked pixels of each digit', () => {
    const img = new Float32Array(784);
    img[0] = 1;
    img[29] = 0.5;
    const svg = digitGrid([img], ['7']);
    expect(svg.match(/fill="rgb/g)).to.have.length(2);
    expect(svg).to.include('>7<');
  });
});
