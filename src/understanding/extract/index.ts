/**
 * Typed values from customers' words (spec §B2, §C2, §C4): the built-in engine's way of taking an
 * action input out of a reply, of hearing yes/no/cancel/"a human please", and of spotting corrections.
 */
export { type Control, detectControl } from './control.ts';
export { type Correction, detectCorrection } from './correction.ts';
export { extractValue } from './extract-value.ts';
export { extractSlotSpans } from './slots/slot-spans.ts';
export type { ExtractContext, Extraction, ScalarType, SlotSpan, ValueSpec } from './types.ts';
