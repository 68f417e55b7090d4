/**
 * Parsing and checking of einsum equations (numpy / Keras semantics): one index letter per axis,
 * operands separated by commas, an explicit output after `->` or, without it, the implicit output
 * (the letters that occur exactly once, in alphabetical order).
 */
import {ShapeError, ValueError, describe} from '../../errors.js';

/** A parsed equation: the letters of each operand's axes and of the output's. */
export interface EinsumSpec {
  inputs: string[][];
  output: string[];
  /** The size of every letter, from the operands' shapes. */
  sizes: Map<string, number>;
}

const LETTER = /^[A-Za-z]$/;

function letters(term: string, equation: string, what: string): string[] {
  const out = [...term.trim()];
  for (const c of out) {
    if (c === '.') throw new ValueError(`einsum: ellipsis ('...') is not supported, in equation ${describe(equation)}; name every axis with a letter`);
    if (!LETTER.test(c)) throw new ValueError(`einsum: ${what} of equation ${describe(equation)} has ${describe(c)}; expected index letters a-z or A-Z`);
  }
  return out;
}

/**
 * Parses `equation` for operands of the given shapes.
 * @throws ValueError for a malformed equation, ShapeError when the operands do not fit it.
 */
export function parseEinsum(equation: string, shapes: number[][]): EinsumSpec {
  if (typeof equation !== 'string') throw new ValueError(`einsum: the equation must be a string, received ${describe(equation)}`);
  const arrow = equation.split('->');
  if (arrow.length > 2) throw new ValueError(`einsum: equation ${describe(equation)} has more than one '->'`);
  const lhs = arrow[0] as string;
  const terms = lhs.split(',');
  const inputs = terms.map((t, i) => letters(t, equation, `operand ${i}`));
  if (inputs.length !== shapes.length) {
    throw new ValueError(`einsum: equation ${describe(equation)} names ${inputs.length} operand(s), received ${shapes.length}`);
  }
  let output: string[];
  if (arrow.length === 2) {
    output = letters(arrow[1] as string, equation, 'the output');
    const seen = new Set<string>();
    for (const c of output) {
      if (seen.has(c)) throw new ValueError(`einsum: output letter ${describe(c)} repeats in equation ${describe(equation)}`);
      seen.add(c);
      if (!inputs.some((t) => t.includes(c))) throw new ValueError(`einsum: output letter ${describe(c)} of equation ${describe(equation)} is in no operand`);
    }
  } else {
    const counts = new Map<string, number>();
    for (const c of inputs.flat()) counts.set(c, (counts.get(c) ?? 0) + 1);
    output = [...counts.keys()].filter((c) => counts.get(c) === 1).sort();
  }
  const sizes = new Map<string, number>();
  inputs.forEach((term, i) => {
    const shape = shapes[i] as number[];
    if (term.length !== shape.length) {
      throw new ShapeError(`einsum: operand ${i} has shape [${shape}] (rank ${shape.length}) but equation ${describe(equation)} gives it ${term.length} ax${term.length === 1 ? 'is' : 'es'} (${describe(term.join(''))})`);
    }
    term.forEach((c, axis) => {
      const size = shape[axis] as number;
      const known = sizes.get(c);
      if (known !== undefined && known !== size) {
        throw new ShapeError(`einsum: index ${describe(c)} has size ${known} and ${size} (operand ${i}, shape [${shape}]) in equation ${describe(equation)}`);
      }
      sizes.set(c, size);
    });
  });
  return {inputs, output, sizes};
}
