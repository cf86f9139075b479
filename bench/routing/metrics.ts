/** The label a benchmark gives a message it did not route to any action. */
export const NO_ACTION = '(none)';

/**
 * Macro-F1 over the gold classes (those present in `gold`, minus NO_ACTION): a message routed
 * nowhere counts against its class's recall without helping any class's precision.
 */
export function macroF1(gold: readonly string[], predicted: readonly string[]): number {
  const classes = [...new Set(gold)].filter((label) => label !== NO_ACTION).sort();
  if (classes.length === 0) return 0;
  const truePositive = new Map<string, number>();
  const predictedCount = new Map<string, number>();
  const goldCount = new Map<string, number>();
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i]!;
    const p = predicted[i]!;
    goldCount.set(g, (goldCount.get(g) ?? 0) + 1);
    predictedCount.set(p, (predictedCount.get(p) ?? 0) + 1);
    if (g === p) truePositive.set(g, (truePositive.get(g) ?? 0) + 1);
  }
  let sum = 0;
  for (const label of classes) {
    const tp = truePositive.get(label) ?? 0;
    const precision = tp / (predictedCount.get(label) || 1);
    const recall = tp / (goldCount.get(label) || 1);
    sum += precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  }
  return sum / classes.length;
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

/** Sample standard deviation (n − 1), 0 for a single value. */
export function sd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
