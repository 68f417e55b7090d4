/** Shared by the saving tests of failing loads: the error must be Stratum's, short, and leave no tensor behind. */
import {expect} from 'chai';
import {NotSupportedError, RuntimeError, SerializationError, ValueError, memory} from '@stratum/core';
import type {Model} from '../index.js';

const TYPED = [SerializationError, ValueError, NotSupportedError, RuntimeError];

/** Runs `load`, expects one of Stratum's errors matching `pattern`, and no tensor left behind. */
export async function expectTypedFailure(load: () => Model | Promise<Model>, pattern: RegExp): Promise<Error> {
  const before = memory().numTensors;
  let error: unknown = null;
  try {
    (await load()).dispose();
  } catch (e) {
    error = e;
  }
  expect(error, 'the load should have failed').to.be.instanceOf(Error);
  expect(TYPED.some((T) => error instanceof T), `a raw ${(error as Error).name}: ${(error as Error).message.slice(0, 200)}`).to.equal(true);
  expect((error as Error).message).to.match(pattern);
  expect((error as Error).message.length).to.be.below(2000);
  expect(memory().numTensors, 'tensors left behind by a failed load').to.equal(before);
  return error as Error;
}
