/** The scalar types an action input may declare (spec §B2). */
export type ScalarType = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime';

/** What the engine expects to find in a customer's reply for one input. */
export interface ValueSpec {
  type: ScalarType;
  array?: boolean;
  format?: 'email' | 'phone' | 'url';
  enum?: string[];
  /** A JS regex source; a value must match it as a whole (anchored), not merely contain a match. */
  pattern?: string;
}

export interface ExtractContext {
  now: Date;
  /** IANA zone name, e.g. 'America/New_York'; relative dates are resolved on its wall clock. */
  timeZone: string;
  /** ISO 3166 alpha-2; lets national phone numbers ("020 7946 0958") resolve to E.164. */
  defaultCountry?: string;
  /** BCP 47, e.g. 'en-US', 'en-GB', 'de-DE'; decides day/month order and the decimal comma. */
  locale?: string;
}

/**
 * What one reply gave for one input. `ok: false` means ask again with `reason`; when `ambiguous` is
 * set the reply did hold a value but it can be read more than one way ("10.000" with no locale,
 * "03/04/2026" with no locale, "3 or 4"), so the engine must ask which one — `reason` is that
 * question and `options` the readings — rather than pick one.
 */
export type Extraction =
  | { ok: true; value: unknown; span?: { start: number; end: number } }
  | { ok: false; reason: string; ambiguous?: true; options?: unknown[] };

/** One value found in a text, with the characters it came from. */
export interface Found<T = unknown> {
  value: T;
  start: number;
  end: number;
}

/** A restaurant-booking slot value located in a text (Restaurants-8k conventions). */
export interface SlotSpan {
  slot: string;
  start: number;
  end: number;
}

/** A stretch of text a finder recognised: either a usable value or a reason it cannot be used. */
export type Candidate = { start: number; end: number } & (
  | { value: unknown }
  | { invalid: string; ambiguous?: unknown[] }
);

/** Finds every candidate of one kind in a text, in order; `none` says why when there are none. */
export type Finder = (text: string, ctx: ExtractContext) => { candidates: Candidate[]; none: string };
