/**
 * `st.layers`: one factory per layer (`st.layers.dense({units: 10})`), plus the classes for subclassing
 * and `instanceof`.
 */
import {Activation, Conv2D, Dense, Dropout, Flatten, MaxPooling2D, Reshape} from '@stratum/layers';
import type {ActivationArgs, Conv2DArgs, DenseArgs, DropoutArgs, FlattenArgs, Pooling2DArgs, ReshapeArgs} from '@stratum/layers';

export * from '@stratum/layers';

/** Fully connected layer. */
export const dense = (args: DenseArgs): Dense => new Dense(args);
/** Applies an activation function. */
export const activation = (args: ActivationArgs): Activation => new Activation(args);
/** Randomly zeroes inputs while training. */
export const dropout = (args: DropoutArgs): Dropout => new Dropout(args);
/** Flattens all but the batch axis. */
export const flatten = (args: FlattenArgs = {}): Flatten => new Flatten(args);
/** Reshapes each sample. */
export const reshape = (args: ReshapeArgs): Reshape => new Reshape(args);
/** 2-D convolution. */
export const conv2d = (args: Conv2DArgs): Conv2D => new Conv2D(args);
/** 2-D max pooling. */
export const maxPooling2d = (args: Pooling2DArgs = {}): MaxPooling2D => new MaxPooling2D(args);
