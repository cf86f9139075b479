import { type Bag, lexicalBag, normalize, sentenceVector } from './features.ts';
import {
  DEFAULT_CLARIFY_MARGIN,
  DEFAULT_MATCH_THRESHOLD,
  DEFAULT_PARAMS,
  type ModelParams,
} from './model-params.ts';
import {
  type Example,
  type LinearModel,
  logits,
  softmaxInPlace,
  trainSoftmax,
} from './softmax-regression.ts';
import { words } from './text.ts';
import { chooseThresholds, foldsOf, type HeldOut, MIN_HELD_OUT, type Thresholds } from './thresholds.ts';
import type { RouteCandidate, RouteResult, Router, RouterOptions, RouteScore } from './types.ts';
import { type WordVectors, wordVectors } from './word-vectors.ts';

const RANKED = 5;
/** Below the match threshold, the runner-up must score at least this share of the best to be offered. */
const CLARIFY_RATIO = 0.5;

/** What a message is turned into before scoring: the same encoding for phrases and messages. */
interface Encoded {
  /** lexical block, unit length over all of the message's features (known or not) */
  lexIndices: Int32Array;
  lexValues: Float32Array;
  /** word-vector block, unit length, or all zeros when no word is known */
  dense: Float32Array;
}

/** The part of a built router that scoring needs; built once per candidate list. */
export interface Index {
  params: ModelParams;
  vectors: WordVectors;
  candidates: readonly RouteCandidate[];
  features: Map<string, number>;
  idf: Float32Array;
  unseenIdf: number;
  center: Float32Array;
  model: LinearModel;
  /** per training phrase: its candidate and its encoding, for the nearest-phrase similarity */
  phraseClass: Int32Array;
  phraseDense: Float32Array;
  postings: Map<number, { phrases: number[]; values: number[] }>;
  /** per-phrase scratch for signals(), reused across messages to spare the garbage collector */
  scratch: Float64Array;
}

export function buildRouter(candidates: RouteCandidate[], options: RouterOptions = {}): Router {
  return buildRouterWith(candidates, options, DEFAULT_PARAMS, wordVectors());
}

/** buildRouter with the model's parameters and word vectors made explicit, for tuning and tests. */
export function buildRouterWith(
  candidates: readonly RouteCandidate[],
  options: RouterOptions,
  params: ModelParams,
  vectors: WordVectors,
): Router {
  // A private copy: the caller may edit its action list after building.
  const list = candidates.map((candidate) => ({ ...candidate, triggers: [...candidate.triggers] }));
  const index = buildIndex(list, params, vectors);
  const defaults = {
    matchThreshold: DEFAULT_MATCH_THRESHOLD,
    clarifyMargin: options.clarifyMargin ?? DEFAULT_CLARIFY_MARGIN,
  };
  // Thresholds given by the caller are used as they are; otherwise this agent's own triggers set them.
  const thresholds: Thresholds =
    options.matchThreshold !== undefined
      ? { matchThreshold: options.matchThreshold, clarifyMargin: defaults.clarifyMargin, source: 'default' }
      : options.calibrate === false
        ? { ...defaults, source: 'default' }
        : calibrateFor(list, params, vectors, defaults);
  const { matchThreshold, clarifyMargin } = thresholds;
  return {
    thresholds,
    route(text: string): RouteResult {
      return decide(list, calibrate(signals(index, text), params), matchThreshold, clarifyMargin);
    },
  };
}

/** Routes each fold's held-out triggers with a router built without them, then picks the thresholds. */
function calibrateFor(
  list: readonly RouteCandidate[],
  params: ModelParams,
  vectors: WordVectors,
  defaults: { matchThreshold: number; clarifyMargin: number },
): Thresholds {
  const heldOut: HeldOut[] = [];
  const enough = list.reduce((n, c) => n + (c.triggers.length >= 2 ? c.triggers.length : 0), 0);
  if (list.length < 2 || enough < MIN_HELD_OUT) return { ...defaults, source: 'default' };
  for (const [train, test] of foldsOf(list)) {
    const fold = buildIndex(train, params, vectors);
    for (const c of test)
      for (const phrase of c.triggers)
        heldOut.push({ gold: c.id, scores: calibrate(signals(fold, phrase), params) });
  }
  return chooseThresholds(heldOut, defaults, (scores, t, m) => decide(list, scores, t, m));
}

/** Trigger phrases plus the name and description, each once: all of them say what the action is for. */
function phrasesOf(candidate: RouteCandidate): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const phrase of [...candidate.triggers, candidate.name, candidate.description]) {
    const key = words(phrase ?? '').join(' ');
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(phrase);
  }
  return out;
}

export function buildIndex(
  candidates: readonly RouteCandidate[],
  params: ModelParams,
  vectors: WordVectors,
): Index {
  const numClasses = candidates.length;
  const phrases: { tokens: string[]; bag: Bag; label: number }[] = [];
  candidates.forEach((candidate, label) => {
    for (const phrase of phrasesOf(candidate)) {
      const tokens = words(phrase);
      phrases.push({ tokens, bag: lexicalBag(tokens, params.lexical), label });
    }
  });

  // Document frequency counts candidates, not phrases: a word every action uses says nothing about
  // which one is meant, however often one action repeats it.
  const candidateFeatures = candidates.map(() => new Set<string>());
  for (const { bag, label } of phrases)
    for (const feature of bag.keys()) candidateFeatures[label]!.add(feature);
  const documentFrequency = new Map<string, number>();
  for (const set of candidateFeatures) {
    for (const feature of set) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
  }
  const features = new Map<string, number>();
  const idf = new Float32Array(documentFrequency.size);
  for (const [feature, df] of documentFrequency) {
    idf[features.size] = Math.log((1 + numClasses) / (1 + df)) + 1;
    features.set(feature, features.size);
  }
  const unseenIdf = Math.log(1 + numClasses) + 1;

  const { dims } = vectors;
  const dense = phrases.map(({ tokens }) => sentenceVector(tokens, vectors, params.sifA));
  // Sentence vectors share a large common direction; removing the phrases' mean sharpens them, but
  // with only a handful of phrases that mean is mostly the phrases themselves, so it is shrunk.
  const center = new Float32Array(dims);
  const known = dense.filter((vector) => vector.some((x) => x !== 0));
  const shrink = known.length / (known.length + params.centerShrink);
  for (const vector of known)
    for (let d = 0; d < dims; d++) center[d]! += (shrink * vector[d]!) / known.length;

  const index: Index = {
    params,
    vectors,
    candidates,
    features,
    idf,
    unseenIdf,
    center,
    model: { numClasses, weights: new Float32Array(0), bias: new Float32Array(numClasses) },
    phraseClass: Int32Array.from(phrases.map((phrase) => phrase.label)),
    phraseDense: new Float32Array(phrases.length * dims),
    postings: new Map(),
    scratch: new Float64Array(phrases.length),
  };

  const examples: Example[] = phrases.map((phrase, i) => {
    const encoded = encodeTokens(index, phrase.tokens, phrase.bag);
    index.phraseDense.set(encoded.dense, i * dims);
    for (let t = 0; t < encoded.lexIndices.length; t++) {
      const feature = encoded.lexIndices[t]!;
      let posting = index.postings.get(feature);
      if (!posting) {
        posting = { phrases: [], values: [] };
        index.postings.set(feature, posting);
      }
      posting.phrases.push(i);
      posting.values.push(encoded.lexValues[t]!);
    }
    return { ...modelInput(index, encoded), label: phrase.label };
  });
  index.model = trainSoftmax(examples, features.size + dims, numClasses, {
    epochs: params.epochs,
    minSteps: 4000,
    learningRate: params.learningRate,
    l2: params.l2,
    seed: 1,
  });
  return index;
}

function encodeTokens(index: Index, tokens: readonly string[], bag: Bag): Encoded {
  let norm = 0;
  const known: [number, number][] = [];
  for (const [feature, value] of bag) {
    const j = index.features.get(feature);
    const weighted = value * (j === undefined ? index.unseenIdf : index.idf[j]!);
    norm += weighted * weighted;
    if (j !== undefined) known.push([j, weighted]);
  }
  known.sort((a, b) => a[0] - b[0]);
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const dense = sentenceVector(tokens, index.vectors, index.params.sifA);
  if (dense.some((x) => x !== 0)) {
    for (let d = 0; d < dense.length; d++) dense[d]! -= index.center[d]!;
    normalize(dense);
  }
  return {
    lexIndices: Int32Array.from(known, ([j]) => j),
    lexValues: Float32Array.from(known, ([, value]) => value * scale),
    dense,
  };
}

function modelInput(index: Index, encoded: Encoded): { indices: Int32Array; values: Float32Array } {
  const lexCount = encoded.lexIndices.length;
  const dims = encoded.dense.length;
  const indices = new Int32Array(lexCount + dims);
  const values = new Float32Array(lexCount + dims);
  indices.set(encoded.lexIndices);
  values.set(encoded.lexValues);
  for (let d = 0; d < dims; d++) {
    indices[lexCount + d] = index.features.size + d;
    values[lexCount + d] = index.params.denseWeight * encoded.dense[d]!;
  }
  return { indices, values };
}

export interface Signals {
  /** the linear model's probability of each candidate, relative to the others */
  probabilities: Float64Array;
  /** each candidate's best similarity to one of its phrases, in [-1, 1] */
  fit: Float64Array;
}

/** The two raw signals behind each candidate's score, in candidate order. */
export function signals(index: Index, text: string): Signals {
  const numClasses = index.candidates.length;
  const probabilities = new Float64Array(numClasses);
  const fit = new Float64Array(numClasses);
  if (numClasses === 0) return { probabilities, fit };
  const tokens = words(text);
  const encoded = encodeTokens(index, tokens, lexicalBag(tokens, index.params.lexical));

  const input = modelInput(index, encoded);
  logits(index.model, input.indices, input.values, probabilities);
  softmaxInPlace(probabilities);

  // Nearest phrase per candidate: an absolute measure of fit, which the probabilities (relative
  // to the other candidates) cannot give; it is what lets an unrelated message score low.
  const numPhrases = index.phraseClass.length;
  const lexical = index.scratch.fill(0);
  for (let t = 0; t < encoded.lexIndices.length; t++) {
    const posting = index.postings.get(encoded.lexIndices[t]!);
    if (!posting) continue;
    const value = encoded.lexValues[t]!;
    for (let p = 0; p < posting.phrases.length; p++)
      lexical[posting.phrases[p]!]! += value * posting.values[p]!;
  }
  const share = index.params.fitDenseShare;
  const dims = encoded.dense.length;
  fit.fill(-1);
  for (let p = 0; p < numPhrases; p++) {
    let cosine = 0;
    const offset = p * dims;
    for (let d = 0; d < dims; d++) cosine += encoded.dense[d]! * index.phraseDense[offset + d]!;
    const similarity = (1 - share) * lexical[p]! + share * cosine;
    const label = index.phraseClass[p]!;
    if (similarity > fit[label]!) fit[label] = similarity;
  }
  return { probabilities, fit };
}

/**
 * Turns the raw signals into scores in [0, 1] that mean the same thing for every message and every
 * number of candidates: the chance that the message belongs to some action like this one (from the
 * nearest-phrase similarity, absolute) times the share of that chance this candidate gets (the
 * model's probability, relative). With one or two candidates the probability says little, and the
 * similarity decides; the more candidates there are, the more of the work the probability does
 * (it already spreads over every near candidate), so the similarity's bar drops with ln(count).
 */
export function calibrate({ probabilities, fit }: Signals, params: ModelParams): Float64Array {
  const { probabilityPower, fitWeight, bias, sizeWeight } = params.calibration;
  const scores = new Float64Array(probabilities.length);
  const offset = bias + sizeWeight * Math.log(Math.max(1, probabilities.length));
  for (let c = 0; c < probabilities.length; c++) {
    const fits = 1 / (1 + Math.exp(-(fitWeight * fit[c]! + offset)));
    scores[c] = fits * probabilities[c]! ** probabilityPower;
  }
  return scores;
}

export function decide(
  candidates: readonly RouteCandidate[],
  scores: Float64Array,
  matchThreshold: number,
  clarifyMargin: number,
): RouteResult {
  // Ties go to the earlier candidate, so equal inputs always rank the same way.
  const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const ranked: RouteScore[] = order
    .slice(0, RANKED)
    .map((c) => ({ id: candidates[c]!.id, score: round(scores[c]!) }));
  const [first, second] = ranked;
  if (!first) return { decision: 'none', alternatives: [], ranked };
  // Scores are calibrated chances of being right: two close ones that together clear the bar are
  // worth a question; a clear winner that clears it alone is a match; below the bar, two that clear
  // it together are still worth a question when the runner-up is no mere afterthought (at least
  // CLARIFY_RATIO of the best); anything less fits nothing.
  const together = second ? first.score + second.score : 0;
  if (second && first.score - second.score < clarifyMargin && together >= matchThreshold) {
    return { decision: 'clarify', alternatives: [first, second], ranked };
  }
  if (first.score >= matchThreshold) {
    return { decision: 'match', best: first, alternatives: ranked.slice(1), ranked };
  }
  if (second && together >= matchThreshold && second.score >= CLARIFY_RATIO * first.score) {
    return { decision: 'clarify', alternatives: [first, second], ranked };
  }
  return { decision: 'none', alternatives: ranked, ranked };
}

/** Scores are reported to 1e-6: enough to rank, and stable to print and compare. */
function round(score: number): number {
  return Math.round(score * 1e6) / 1e6;
}
