/**
 * One op, several gradient "sides", each computed only when something asks for it.
 *
 * `tf.customGrad` computes the gradients of all its inputs as soon as its node is reached, even those
 * nobody asked for: a model's first layer would compute dX for the data, a frozen layer dW for weights
 * that do not train. Here each side (say the input x; the weights W and b) is its own customGrad node,
 * and tfjs prunes a node from the backward pass when none of its inputs lead from the tensors being
 * differentiated. The first side's node computes the op's value; the others output a placeholder of
 * the same shape (a clone: no copy); a join node outputs the first value, passes each side the
 * gradient with respect to the pre-activation, and so carries the value out.
 */
import * as tf from '@tensorflow/tfjs-core';

/** One group of inputs whose gradients are computed together. */
export interface GradSide {
  /** The tensors this side returns gradients for (at least one). */
  inputs: tf.Tensor[];
  /** Tensors the backward pass reads (saved with the tape, so they outlive the forward scope). */
  keep: tf.Tensor[];
  /** Gradients for `inputs`, in order, from the pre-activation gradient `g` and the kept tensors. */
  backward: (g: tf.Tensor, kept: tf.Tensor[]) => tf.Tensor[];
}

type SaveFn = (tensors: tf.Tensor[]) => void;

/** True while tfjs records operations for a gradient (inside `grad`, `variableGrads`, ...). */
export function recordingGradients(): boolean {
  return tf.engine().state.gradientDepth > 0;
}

/** A new tensor sharing t's data. */
const alias = (t: tf.Tensor): tf.Tensor => tf.reshape(t, t.shape);

function sideNode(side: GradSide, value: () => tf.Tensor): tf.Tensor {
  const node = tf.customGrad((...args: Array<tf.Tensor | SaveFn>) => {
    const save = args[args.length - 1] as SaveFn;
    save(side.keep);
    return {value: value(), gradFunc: (g: tf.Tensor, saved: tf.Tensor[]) => side.backward(g, saved)};
  });
  return node(...side.inputs);
}

/**
 * Runs `forward` (which must use only tensors from `sides`) as an op whose backward pass first turns
 * the output gradient into the pre-activation gradient with `outputGrad(dy, y)` (`null`: they are the
 * same, and y need not be kept), then asks each side for its gradients. Call inside `tf.tidy`.
 */
export function splitGradients(
  forward: () => tf.Tensor,
  sides: GradSide[],
  outputGrad: ((dy: tf.Tensor, y: tf.Tensor) => tf.Tensor) | null,
): tf.Tensor {
  const [first, ...rest] = sides;
  if (first === undefined) throw new Error('splitGradients: no sides');
  // Outside a gradient computation (predict, evaluate) nothing is recorded: run the plain forward
  // pass, without the custom-gradient nodes and their aliases.
  if (!recordingGradients()) return forward();
  const main = sideNode(first, forward);
  // The other sides' values are never read (the join ignores them): a reshape of main shares its data
  // (a clone would copy it on wasm).
  const placeholders = rest.map((side) => sideNode(side, () => alias(main)));
  const join = tf.customGrad((...args: Array<tf.Tensor | SaveFn>) => {
    const save = args[args.length - 1] as SaveFn;
    if (outputGrad !== null) save([main]);
    return {
      value: alias(main),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const g = outputGrad === null ? dy : outputGrad(dy, saved[0] as tf.Tensor);
        return [g, ...placeholders.map(() => alias(g))];
      },
    };
  });
  return join(main, ...placeholders);
}
