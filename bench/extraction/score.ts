/** Exact-span scoring for Restaurants-8k, as the bench README prescribes. */

export const SLOTS = ['date', 'time', 'people', 'first_name', 'last_name'] as const;

export interface Item {
  userInput: { text: string };
  context?: { requestedSlots?: string[] };
  labels?: Array<{ slot: string; valueSpan: { startIndex?: number; endIndex: number } }>;
}

export interface PredictedSpan {
  slot: string;
  start: number;
  end: number;
}

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

export interface SlotScore extends Tally {
  slot: string;
  precision: number;
  recall: number;
  f1: number;
}

/** Gold spans of an item as `slot:start:end` keys; a missing startIndex means 0. */
export function goldKeys(item: Item): Set<string> {
  return new Set(
    (item.labels ?? []).map((l) => `${l.slot}:${l.valueSpan.startIndex ?? 0}:${l.valueSpan.endIndex}`),
  );
}

/**
 * Tallies true/false positives and misses per slot. A prediction counts only when slot, start and
 * end all equal a gold span; on items without labels every prediction is a false positive.
 */
export function tally(items: Item[], predict: (item: Item) => PredictedSpan[]): Map<string, Tally> {
  const tallies = new Map<string, Tally>(SLOTS.map((s) => [s, { tp: 0, fp: 0, fn: 0 }]));
  const of = (slot: string) => {
    let t = tallies.get(slot);
    if (!t) {
      t = { tp: 0, fp: 0, fn: 0 };
      tallies.set(slot, t);
    }
    return t;
  };
  for (const item of items) {
    const gold = goldKeys(item);
    const predicted = new Set(predict(item).map((p) => `${p.slot}:${p.start}:${p.end}`));
    for (const key of predicted) {
      const slot = key.split(':')[0]!;
      if (gold.has(key)) of(slot).tp++;
      else of(slot).fp++;
    }
    for (const key of gold) if (!predicted.has(key)) of(key.split(':')[0]!).fn++;
  }
  return tallies;
}

export function score(slot: string, t: Tally): SlotScore {
  const precision = t.tp + t.fp === 0 ? 0 : t.tp / (t.tp + t.fp);
  const recall = t.tp + t.fn === 0 ? 0 : t.tp / (t.tp + t.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { slot, ...t, precision, recall, f1 };
}

/** Per-slot scores plus the micro-average over all slots (summed counts). */
export function scoreAll(items: Item[], predict: (item: Item) => PredictedSpan[]): SlotScore[] {
  const tallies = tally(items, predict);
  const perSlot = [...tallies].map(([slot, t]) => score(slot, t));
  const sum = perSlot.reduce((a, s) => ({ tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });
  return [...perSlot, score('micro', sum)];
}
