import { seededRandom } from '../../shared/random.ts';

/** One training row: sparse feature indices and values, and its class. */
export interface Example {
  indices: Int32Array;
  values: Float32Array;
  label: number;
}

export interface TrainOptions {
  epochs: number;
  /** small sets get more epochs, so that a handful of phrases is still trained to convergence */
  minSteps: number;
  learningRate: number;
  l2: number;
  /** fixes the example order, so the same examples always give the same model */
  seed: number;
}

export interface LinearModel {
  numClasses: number;
  /** feature-major: weights[feature * numClasses + class] */
  weights: Float32Array;
  bias: Float32Array;
}

/**
 * Multinomial logistic regression by plain SGD with a decaying step. Small and exact enough for
 * a few thousand trigger phrases; deterministic because the visiting order comes from a seeded RNG.
 */
export function trainSoftmax(
  examples: readonly Example[],
  numFeatures: number,
  numClasses: number,
  options: TrainOptions,
): LinearModel {
  const weights = new Float32Array(numFeatures * numClasses);
  const bias = new Float32Array(numClasses);
  const model = { numClasses, weights, bias };
  if (numClasses < 2 || examples.length === 0) return model;
  const scores = new Float64Array(numClasses);
  const activeClasses = new Int32Array(numClasses);
  const steps = new Float64Array(numClasses);
  // Averaged SGD (the mean of the weights over every step, kept with the running-sum trick): it
  // undoes SGD's pull towards whichever examples came last, so identical phrases under two actions
  // end up tied instead of favouring the one seen last.
  const weightSums = new Float64Array(weights.length);
  const biasSums = new Float64Array(numClasses);
  let step = 0;
  const order = examples.map((_, i) => i);
  const random = seededRandom(options.seed);
  const epochs = Math.max(options.epochs, Math.ceil(options.minSteps / examples.length));
  for (let epoch = 0; epoch < epochs; epoch++) {
    const rate = options.learningRate / (1 + 0.1 * epoch);
    const decay = rate * options.l2;
    shuffleInPlace(order, random);
    for (const i of order) {
      step++;
      const { indices, values, label } = examples[i]!;
      logits(model, indices, values, scores);
      softmaxInPlace(scores);
      // Most classes are already near zero probability; skipping them keeps training fast.
      let active = 0;
      for (let c = 0; c < numClasses; c++) {
        const gradient = scores[c]! - (c === label ? 1 : 0);
        if (gradient > -1e-4 && gradient < 1e-4) continue;
        bias[c]! -= rate * gradient;
        biasSums[c]! -= (step - 1) * rate * gradient;
        activeClasses[active] = c;
        steps[active] = rate * gradient;
        active++;
      }
      for (let t = 0; t < indices.length; t++) {
        const offset = indices[t]! * numClasses;
        const value = values[t]!;
        for (let a = 0; a < active; a++) {
          const j = offset + activeClasses[a]!;
          const delta = -weights[j]! * decay - steps[a]! * value;
          weights[j]! += delta;
          weightSums[j]! += (step - 1) * delta;
        }
      }
    }
  }
  if (step === 0) return model;
  for (let j = 0; j < weights.length; j++) weights[j] = weights[j]! - weightSums[j]! / step;
  for (let c = 0; c < numClasses; c++) bias[c] = bias[c]! - biasSums[c]! / step;
  return model;
}

export function logits(
  model: LinearModel,
  indices: Int32Array,
  values: Float32Array,
  out: Float64Array,
): void {
  const { numClasses, weights, bias } = model;
  for (let c = 0; c < numClasses; c++) out[c] = bias[c]!;
  for (let t = 0; t < indices.length; t++) {
    const offset = indices[t]! * numClasses;
    const value = values[t]!;
    for (let c = 0; c < numClasses; c++) out[c]! += weights[offset + c]! * value;
  }
}

export function softmaxInPlace(scores: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < scores.length; c++) if (scores[c]! > max) max = scores[c]!;
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = Math.exp(scores[c]! - max);
    sum += scores[c]!;
  }
  for (let c = 0; c < scores.length; c++) scores[c]! /= sum;
}

function shuffleInPlace(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = items[i]!;
    items[i] = items[j]!;
    items[j] = swap;
  }
}
