// Mocha's dot reporter plus one closing line in the plain 'N passed, N failed' form that CI reads.
'use strict';
const Mocha = require('mocha');
const {EVENT_RUN_END} = Mocha.Runner.constants;

class DotWithSummary extends Mocha.reporters.Dot {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const {passes, failures, pending} = runner.stats;
      process.stdout.write(`unit: ${passes} passed, ${failures} failed${pending > 0 ? `, ${pending} skipped` : ''}\n`);
    });
  }
}

module.exports = DotWithSummary;
