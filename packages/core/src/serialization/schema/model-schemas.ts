/**
 * JSON Schemas (draft-07) of the model files Stratum reads (FORMATS.md §1–3): the Keras 3 / Keras 2 model
 * JSON envelope and the TF.js layers `model.json`. They check the structure a loader relies on (envelopes,
 * layer lists, node references, weight manifests) plus the configs of common Keras layers, so a bad file
 * fails with the JSON path of the problem before anything is built. Unknown extra keys are allowed: Keras
 * versions add keys, and the loader ignores the harmless ones.
 */

type Schema = Record<string, unknown>;

const shapeDim: Schema = {anyOf: [{type: 'integer', minimum: 0}, {type: 'null'}]};
const shape: Schema = {type: 'array', items: shapeDim};
const posInt: Schema = {type: 'integer', minimum: 1};
/** `3` or `[3, 3]` (Keras accepts both for window sizes, strides, dilation). */
const intOrTuple: Schema = {anyOf: [posInt, {type: 'array', minItems: 1, items: posInt}]};
const dataFormat: Schema = {enum: ['channels_last', 'channels_first', 'channelsLast', 'channelsFirst', null]};
const padding: Schema = {enum: ['valid', 'same', 'causal']};
const activation: Schema = {anyOf: [{type: 'string', minLength: 1}, {type: 'object'}, {type: 'null'}]};
const nullableObject: Schema = {anyOf: [{type: 'object'}, {type: 'null'}]};
const initializer: Schema = {anyOf: [{type: 'string', minLength: 1}, {$ref: '#/definitions/envelope'}, {type: 'null'}]};

const convConfig: Schema = {
  required: ['filters', 'kernel_size'],
  properties: {groups: posInt, filters: posInt, kernel_size: intOrTuple, strides: intOrTuple, dilation_rate: intOrTuple, padding, data_format: dataFormat, activation, use_bias: {type: 'boolean'}, kernel_initializer: initializer, bias_initializer: initializer},
};
const transposeConfig: Schema = {
  required: ['filters', 'kernel_size'],
  properties: {...convConfig.properties as Schema, output_padding: {anyOf: [{type: 'integer', minimum: 0}, {type: 'array', items: {type: 'integer', minimum: 0}}, {type: 'null'}]}},
};
const depthwiseConfig: Schema = {
  required: ['kernel_size'],
  properties: {kernel_size: intOrTuple, strides: intOrTuple, dilation_rate: intOrTuple, padding, data_format: dataFormat, activation, use_bias: {type: 'boolean'}, depth_multiplier: posInt},
};
const separableConfig: Schema = {
  required: ['filters', 'kernel_size'],
  properties: {...depthwiseConfig.properties as Schema, filters: posInt},
};
/** Cropping / zero padding amounts: `n`, `[a, b]`, or a list of `n` / `[before, after]` entries. */
const edgeCount: Schema = {type: 'integer', minimum: 0};
const edgeAmounts: Schema = {anyOf: [edgeCount, {type: 'array', minItems: 1, maxItems: 3, items: {anyOf: [edgeCount, {type: 'array', minItems: 2, maxItems: 2, items: edgeCount}]}}]};
const globalPoolConfig: Schema = {properties: {data_format: dataFormat, keepdims: {type: 'boolean'}}};
const poolConfig: Schema = {
  properties: {pool_size: intOrTuple, strides: {anyOf: [intOrTuple, {type: 'null'}]}, padding, data_format: dataFormat},
};

const noiseShape: Schema = {anyOf: [{type: 'array', items: {anyOf: [posInt, {type: 'null'}]}}, {type: 'null'}]};
const seed: Schema = {anyOf: [{type: 'integer'}, {type: 'null'}]};
const positive: Schema = {type: 'number', exclusiveMinimum: 0};
const axisArg: Schema = {anyOf: [{type: 'integer'}, {type: 'array', minItems: 1, items: {type: 'integer'}}]};
const scaleCenter: Schema = {beta_initializer: initializer, gamma_initializer: initializer, beta_regularizer: nullableObject, gamma_regularizer: nullableObject, beta_constraint: nullableObject, gamma_constraint: nullableObject};
const spatialDropout: Schema = {required: ['rate'], properties: {rate: {type: 'number', minimum: 0, maximum: 1}, seed, data_format: dataFormat}};

/**
 * Configs of the Keras layers whose arguments are checked by the schema (Keras snake_case keys). Other
 * classes only need a config object; their constructors validate their own arguments.
 */
// Image preprocessing and augmentation layers (issue 14).
const numberPair: Schema = {type: 'array', minItems: 2, maxItems: 2, items: {type: 'number'}};
const numberOrPair: Schema = {anyOf: [{type: 'number'}, numberPair]};
const numberOrList: Schema = {anyOf: [{type: 'number'}, {type: 'array', minItems: 1, items: {type: 'number'}}]};
const seedSchema: Schema = {anyOf: [{type: 'integer'}, {type: 'null'}]};
const affineAugmentation: Record<string, Schema> = {
  fill_mode: {enum: ['reflect', 'wrap', 'constant', 'nearest']},
  interpolation: {enum: ['bilinear', 'nearest']},
  fill_value: {type: 'number'},
  seed: seedSchema,
  data_format: dataFormat,
};

export const LAYER_CONFIG_SCHEMAS: Record<string, Schema> = {
  Dense: {
    required: ['units'],
    properties: {units: posInt, activation, use_bias: {type: 'boolean'}, kernel_initializer: initializer, bias_initializer: initializer, kernel_regularizer: nullableObject, bias_regularizer: nullableObject},
  },
  Conv1D: convConfig,
  Conv2D: convConfig,
  Conv3D: convConfig,
  Conv2DTranspose: transposeConfig,
  Conv1DTranspose: transposeConfig,
  Conv3DTranspose: transposeConfig,
  SeparableConv1D: separableConfig,
  SeparableConv2D: separableConfig,
  DepthwiseConv1D: depthwiseConfig,
  DepthwiseConv2D: depthwiseConfig,
  MaxPooling1D: poolConfig,
  MaxPooling2D: poolConfig,
  AveragePooling1D: poolConfig,
  AveragePooling2D: poolConfig,
  // keras/src/layers/regularization/dropout.py: 0 <= rate <= 1; noise_shape entries positive integers or None.
  Dropout: {required: ['rate'], properties: {rate: {type: 'number', minimum: 0, maximum: 1}, noise_shape: noiseShape, seed}},
  MaxPooling3D: poolConfig,
  AveragePooling3D: poolConfig,
  Cropping1D: {properties: {cropping: edgeAmounts}},
  Cropping2D: {properties: {cropping: edgeAmounts, data_format: dataFormat}},
  Cropping3D: {properties: {cropping: edgeAmounts, data_format: dataFormat}},
  ZeroPadding1D: {properties: {padding: edgeAmounts, data_format: dataFormat}},
  ZeroPadding2D: {properties: {padding: edgeAmounts, data_format: dataFormat}},
  ZeroPadding3D: {properties: {padding: edgeAmounts, data_format: dataFormat}},
  Dot: {required: ['axes'], properties: {axes: {anyOf: [{type: 'integer'}, {type: 'array', minItems: 2, maxItems: 2, items: {type: 'integer'}}]}, normalize: {type: 'boolean'}}},
  TimeDistributed: {required: ['layer'], properties: {layer: {$ref: '#/definitions/envelope'}}},
  Flatten: {properties: {data_format: dataFormat}},
  Reshape: {required: ['target_shape'], properties: {target_shape: {type: 'array', items: {type: 'integer', minimum: -1}}}},
  Activation: {required: ['activation'], properties: {activation}},
  BatchNormalization: {properties: {axis: {anyOf: [{type: 'integer'}, {type: 'array', items: {type: 'integer'}}]}, momentum: {type: 'number'}, epsilon: {type: 'number', exclusiveMinimum: 0}}},
  Embedding: {required: ['input_dim', 'output_dim'], properties: {input_dim: posInt, output_dim: posInt}},
  LayerNormalization: {properties: {axis: axisArg, epsilon: positive, center: {type: 'boolean'}, scale: {type: 'boolean'}, rms_scaling: {type: 'boolean'}, ...scaleCenter}},
  GroupNormalization: {properties: {groups: {anyOf: [posInt, {const: -1}]}, axis: {type: 'integer'}, epsilon: positive, center: {type: 'boolean'}, scale: {type: 'boolean'}, ...scaleCenter}},
  UnitNormalization: {properties: {axis: axisArg}},
  RMSNormalization: {properties: {axis: axisArg, epsilon: positive}},
  SpatialDropout1D: spatialDropout,
  SpatialDropout2D: spatialDropout,
  SpatialDropout3D: spatialDropout,
  GaussianNoise: {required: ['stddev'], properties: {stddev: {type: 'number', minimum: 0}, seed}},
  GaussianDropout: {required: ['rate'], properties: {rate: {type: 'number', minimum: 0, exclusiveMaximum: 1}, seed}},
  AlphaDropout: {required: ['rate'], properties: {rate: {type: 'number', minimum: 0, exclusiveMaximum: 1}, noise_shape: noiseShape, seed}},
  DropConnect: {required: ['layer', 'rate'], properties: {layer: {$ref: '#/definitions/envelope'}, rate: {type: 'number', minimum: 0, exclusiveMaximum: 1}, weight_names: {anyOf: [{type: 'array', minItems: 1, items: {type: 'string', minLength: 1}}, {type: 'null'}]}, seed}},
  InputLayer: {
    anyOf: [{required: ['batch_shape']}, {required: ['batch_input_shape']}, {required: ['batchInputShape']}, {required: ['shape']}, {required: ['input_shape']}],
    properties: {batch_shape: shape, batch_input_shape: shape, batchInputShape: shape, shape, name: {type: 'string', minLength: 1}, sparse: {type: 'boolean'}},
  },
  UpSampling1D: {properties: {size: intOrTuple}},
  UpSampling2D: {properties: {size: intOrTuple, data_format: dataFormat, interpolation: {type: 'string'}}},
  UpSampling3D: {properties: {size: intOrTuple, data_format: dataFormat}},
  Rescaling: {required: ['scale'], properties: {scale: numberOrList, offset: numberOrList}},
  Resizing: {
    required: ['height', 'width'],
    properties: {
      height: posInt, width: posInt, interpolation: {enum: ['bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5']}, crop_to_aspect_ratio: {type: 'boolean'},
      pad_to_aspect_ratio: {type: 'boolean'}, fill_mode: {enum: ['constant']}, fill_value: {type: 'number'}, antialias: {type: 'boolean'}, data_format: dataFormat,
    },
  },
  CenterCrop: {required: ['height', 'width'], properties: {height: posInt, width: posInt, data_format: dataFormat}},
  Normalization: {properties: {axis: {anyOf: [{type: 'integer'}, {type: 'array', items: {type: 'integer'}}, {type: 'null'}]}, invert: {type: 'boolean'}}},
  CategoryEncoding: {required: ['num_tokens'], properties: {num_tokens: posInt, output_mode: {enum: ['one_hot', 'multi_hot', 'count', 'binary']}, sparse: {type: 'boolean'}}},
  RandomFlip: {properties: {mode: {enum: ['horizontal', 'vertical', 'horizontal_and_vertical']}, seed: seedSchema, data_format: dataFormat}},
  RandomRotation: {required: ['factor'], properties: {factor: numberOrPair, ...affineAugmentation}},
  RandomTranslation: {required: ['height_factor', 'width_factor'], properties: {height_factor: numberOrPair, width_factor: numberOrPair, ...affineAugmentation}},
  RandomZoom: {required: ['height_factor'], properties: {height_factor: numberOrPair, width_factor: {anyOf: [numberOrPair, {type: 'null'}]}, ...affineAugmentation}},
  RandomShear: {properties: {x_factor: numberOrPair, y_factor: numberOrPair, ...affineAugmentation}},
  RandomCrop: {required: ['height', 'width'], properties: {height: posInt, width: posInt, seed: seedSchema, data_format: dataFormat}},
  RandomContrast: {required: ['factor'], properties: {factor: numberOrPair, value_range: numberPair, seed: seedSchema}},
  RandomBrightness: {required: ['factor'], properties: {factor: numberOrPair, value_range: numberPair, seed: seedSchema}},
  // Activation layers (keras/src/layers/activations/*.py; Keras 2 spellings such as LeakyReLU's alpha too).
  ReLU: {properties: {max_value: {anyOf: [{type: 'number', minimum: 0}, {type: 'null'}]}, negative_slope: {type: 'number', minimum: 0}, threshold: {type: 'number'}}},
  LeakyReLU: {properties: {negative_slope: {type: 'number', minimum: 0}, alpha: {type: 'number', minimum: 0}}},
  PReLU: {properties: {alpha_initializer: initializer, alpha_regularizer: nullableObject, alpha_constraint: nullableObject, shared_axes: {anyOf: [{type: 'integer'}, {type: 'array', items: {type: 'integer'}}, {type: 'null'}]}}},
  ELU: {properties: {alpha: {type: 'number'}}},
  Softmax: {properties: {axis: {anyOf: [{type: 'integer'}, {type: 'array', minItems: 1, items: {type: 'integer'}}]}}},
  ThresholdedReLU: {properties: {theta: {type: 'number', minimum: 0}}},
  Maxout: {required: ['num_units'], properties: {num_units: posInt, axis: {type: 'integer'}}},
  // Merging (keras/src/layers/merging/*.py): the element-wise merges take no arguments of their own.
  Add: {properties: {}},
  Subtract: {properties: {}},
  Multiply: {properties: {}},
  Average: {properties: {}},
  Maximum: {properties: {}},
  Minimum: {properties: {}},
  Concatenate: {properties: {axis: {type: 'integer'}}},
  // Global pooling (keras/src/layers/pooling/base_global_pooling.py).
  GlobalAveragePooling1D: globalPoolConfig,
  GlobalAveragePooling2D: globalPoolConfig,
  GlobalAveragePooling3D: globalPoolConfig,
  GlobalMaxPooling1D: globalPoolConfig,
  GlobalMaxPooling2D: globalPoolConfig,
  GlobalMaxPooling3D: globalPoolConfig,
  // Core and reshaping.
  Identity: {properties: {}},
  Masking: {properties: {mask_value: {type: 'number'}}},
  Lambda: {required: ['function'], properties: {function: {anyOf: [{type: 'string', minLength: 1}, {type: 'object'}]}, output_shape: {anyOf: [shape, {type: 'object'}, {type: 'string'}, {type: 'null'}]}, mask: {anyOf: [{type: 'object'}, {type: 'string'}, {type: 'null'}]}, arguments: nullableObject}},
  Permute: {required: ['dims'], properties: {dims: {type: 'array', minItems: 1, items: posInt}}},
  RepeatVector: {required: ['n'], properties: {n: posInt}},
  ActivityRegularization: {properties: {l1: {type: 'number', minimum: 0}, l2: {type: 'number', minimum: 0}}},
};

const MODEL_CLASSES = ['Sequential', 'Functional', 'Model'];

/** `[layer_name, node_index, tensor_index]` (Keras 2 input/output layers and Keras 3 `keras_history`). */
const tensorRef: Schema = {
  type: 'array',
  minItems: 3,
  maxItems: 3,
  items: [{type: 'string', minLength: 1}, {type: 'integer', minimum: 0}, {type: 'integer', minimum: 0}],
};

/** Per-class `config` checks, as `if class_name is X then config matches` clauses. */
function classConfigRules(): Schema[] {
  return Object.entries(LAYER_CONFIG_SCHEMAS).map(([cls, schema]) => ({
    if: {properties: {class_name: {const: cls}}, required: ['class_name']},
    then: {properties: {config: {type: 'object', ...schema}}},
  }));
}

/** The Keras model JSON schema: Keras 3, Keras 2 (every layout of FORMATS.md §2) and the converter's wrapper. */
export const kerasModelSchema: Schema = {
  $id: 'https://stratum.dev/schemas/keras-model.json',
  title: 'Keras model JSON (Keras 3 or Keras 2)',
  type: 'object',
  if: {required: ['model_config']},
  then: {properties: {model_config: {$ref: '#/definitions/model'}}},
  else: {$ref: '#/definitions/model'},
  definitions: {
    envelope: {
      type: 'object',
      required: ['class_name'],
      properties: {
        class_name: {type: 'string', minLength: 1},
        module: {type: ['string', 'null']},
        registered_name: {type: ['string', 'null']},
        build_config: nullableObject,
        compile_config: nullableObject,
      },
    },
    model: {
      allOf: [
        {$ref: '#/definitions/envelope'},
        {required: ['config']},
        // Any other class is a registered Model subclass (its config is its own); the loader checks it is a model.
        {if: {properties: {class_name: {const: 'Sequential'}}}, then: {properties: {config: {$ref: '#/definitions/sequentialConfig'}}}},
        {if: {properties: {class_name: {enum: ['Functional', 'Model']}}}, then: {properties: {config: {$ref: '#/definitions/functionalConfig'}}}},
      ],
    },
    sequentialConfig: {
      anyOf: [
        {type: 'array', items: {$ref: '#/definitions/layer'}},
        {
          type: 'object',
          required: ['layers'],
          properties: {name: {type: 'string'}, layers: {type: 'array', items: {$ref: '#/definitions/layer'}}, build_input_shape: {anyOf: [shape, {type: 'null'}, {type: 'array'}]}},
        },
      ],
    },
    functionalConfig: {
      type: 'object',
      required: ['layers', 'input_layers', 'output_layers'],
      properties: {
        name: {type: 'string'},
        layers: {type: 'array', items: {allOf: [{$ref: '#/definitions/layer'}, {$ref: '#/definitions/graphEntry'}]}},
        input_layers: {$ref: '#/definitions/ioLayers'},
        output_layers: {$ref: '#/definitions/ioLayers'},
      },
    },
    layer: {
      allOf: [
        {$ref: '#/definitions/envelope'},
        {required: ['config']},
        {
          if: {properties: {class_name: {enum: MODEL_CLASSES}}, required: ['class_name']},
          then: {$ref: '#/definitions/model'},
          else: {properties: {config: {type: 'object', properties: {name: {type: 'string', minLength: 1}, trainable: {type: 'boolean'}}}}},
        },
        ...classConfigRules(),
      ],
    },
    graphEntry: {
      type: 'object',
      required: ['inbound_nodes'],
      properties: {name: {type: 'string', minLength: 1}, inbound_nodes: {type: 'array', items: {$ref: '#/definitions/node'}}},
    },
    node: {
      if: {type: 'array'},
      then: {type: 'array', items: {$ref: '#/definitions/keras2InboundEntry'}},
      else: {type: 'object', required: ['args'], properties: {args: {type: 'array'}, kwargs: {type: 'object'}}},
    },
    keras2InboundEntry: {
      type: 'array',
      minItems: 3,
      maxItems: 4,
      items: [{type: 'string', minLength: 1}, {type: 'integer', minimum: 0}, {type: 'integer', minimum: 0}, {type: 'object'}],
    },
    ioLayers: {
      if: {type: 'array', minItems: 1, items: [{type: 'string'}]},
      then: tensorRef,
      else: {
        anyOf: [
          {type: 'array', items: {$ref: '#/definitions/ioLayers'}},
          {type: 'object', additionalProperties: {$ref: '#/definitions/ioLayers'}},
        ],
      },
    },
  },
};

const weightEntry: Schema = {
  type: 'object',
  required: ['name', 'shape', 'dtype'],
  properties: {
    name: {type: 'string', minLength: 1},
    shape: {type: 'array', items: {type: 'integer', minimum: 0}},
    dtype: {enum: ['float32', 'int32', 'bool', 'string', 'complex64', 'float16', 'uint8', 'int8', 'uint16', 'int16']},
    group: {type: 'string'},
    quantization: {
      type: 'object',
      required: ['dtype'],
      properties: {dtype: {enum: ['uint8', 'uint16', 'float16']}, scale: {type: 'number'}, min: {type: 'number'}},
    },
  },
};

/** The TF.js layers-model `model.json` (tfjs-layers' own files and the Python converter's). */
export const tfjsModelJsonSchema: Schema = {
  $id: 'https://stratum.dev/schemas/tfjs-model-json.json',
  title: 'TF.js layers model.json',
  type: 'object',
  required: ['modelTopology'],
  properties: {
    format: {type: 'string'},
    generatedBy: {type: ['string', 'null']},
    convertedBy: {type: ['string', 'null']},
    modelTopology: {$ref: 'https://stratum.dev/schemas/keras-model.json'},
    weightsManifest: {
      type: 'array',
      items: {
        type: 'object',
        required: ['paths', 'weights'],
        properties: {paths: {type: 'array', items: {type: 'string', minLength: 1}}, weights: {type: 'array', items: weightEntry}},
      },
    },
    trainingConfig: nullableObject,
    userDefinedMetadata: nullableObject,
  },
};
