import type { SlotSpan } from '../types.ts';

interface Token {
  text: string;
  start: number;
  end: number;
}

type NameSlot = 'first_name' | 'last_name';

// Words that can follow a name cue without being a name ("I'm running late", "under the window").
const NOT_NAMES = new Set(
  `i me my we us our you your he she they it its it's this that the a an and or but so for of to in on at by with from
   as is am are was were be been being have has had do does did will would can could should may might must shall
   not no yes yeah ok okay please thanks thank hello hi hey sorry just only also really very here there
   table booking reservation name names first last surname family party people person tomorrow today tonight
   morning evening afternoon night lunch dinner breakfast monday tuesday wednesday thursday friday saturday sunday
   january february march april may june july august september october november december jan feb mar apr jun jul
   aug sep sept oct nov dec going running late looking calling trying booked booking wondering afraid sure
   still inside outside indoors outdoors am pm mr mrs ms miss dr sir madam mister because since which who
   what when where why how whose anyone someone somebody nobody everyone group need needs want wants like
   think believe guess probably maybe perhaps please thing things one two three four five six seven eight nine ten
   restaurant cafe café bar kitchen grill house pizza`
    .split(/\s+/)
    .filter(Boolean),
);
const MONTHS = /^(?:january|february|march|april|may|june|july|august|september|october|november|december)$/i;
// Replies to "what name?" that are not names.
const NOT_REPLY_NAMES = new Set(
  `ah oh um uh hmm no yes yeah yep nope ok okay alright thanks that's thats it's its what why how sorry
   fuck fucking shit cunt idiot damn crazy strange wrong incorrect right correct business silly`.split(/\s+/),
);
const TITLES = /^(?:mr|mrs|ms|miss|dr|mister|sir|madam|princess|prince|lady|lord)$/i;
const CONTRACTION = /^(?:i'm|i'd|i've|i'll|im)$/i;

function tokens(text: string): Token[] {
  return [...text.matchAll(/[\p{L}][\p{L}'’-]*\.?/gu)].map((m) => {
    const raw = m[0].replace(/\.$/, '').replace(/['’]s$/i, '');
    return { text: raw, start: m.index, end: m.index + raw.length };
  });
}

const capitalised = (t: Token) => /^\p{Lu}/u.test(t.text);

function nameLike(t: Token, requireCapital: boolean, next?: Token): boolean {
  const lower = t.text.toLowerCase();
  if (CONTRACTION.test(lower)) return false;
  // "August Wurzer": a month can be a first name when a capitalised surname follows it.
  if (
    NOT_NAMES.has(lower) &&
    !(MONTHS.test(lower) && next && capitalised(next) && !NOT_NAMES.has(next.text.toLowerCase()))
  ) {
    return false;
  }
  if (t.text.length < 2 || !/^[\p{L}][\p{L}'’-]*$/u.test(t.text)) return false;
  // In a loose context, SHOUTED words are emphasis ("MAKE THE CORRECT BOOKING"), not names.
  return !requireCapital || (capitalised(t) && !/^\p{Lu}+$/u.test(t.text));
}

/**
 * The words of one name starting at token i: "Kraig jacinto Calligaro" (a lower-case middle name is
 * allowed between capitalised parts), with a title ("Mrs.") skipped. Only spaces separate the parts;
 * a comma may too when `commaJoins` (a bare reply "Dulcie, Petsch").
 */
function nameAt(
  text: string,
  toks: Token[],
  i: number,
  requireCapital: boolean,
  commaJoins = false,
): Token[] {
  let k = i;
  if (toks[k] && TITLES.test(toks[k]!.text) && toks[k + 1]) k++;
  const run: Token[] = [];
  while (k < toks.length && run.length < 3) {
    const t = toks[k]!;
    const prev = run[run.length - 1];
    if (prev) {
      const gap = text.slice(prev.end, t.start);
      if (!/^\s+$/.test(gap) && !(commaJoins && /^,\s*$/.test(gap))) break;
    }
    if (!nameLike(t, requireCapital, toks[k + 1])) break;
    // After a capitalised first part, a lower-case word ends the name unless a capitalised part follows.
    if (prev && capitalised(run[0]!) && !capitalised(t)) {
      const next = toks[k + 1];
      if (!(next && capitalised(next) && /^\s+$/.test(text.slice(t.end, next.start)) && nameLike(next, true)))
        break;
    }
    run.push(t);
    k++;
  }
  // A middle word only counts between two parts.
  if (run.length === 3 && capitalised(run[0]!) && !capitalised(run[2]!)) run.pop();
  return run;
}

function asSpans(run: Token[], single: NameSlot): SlotSpan[] {
  if (run.length === 0) return [];
  if (run.length === 1) return [{ slot: single, start: run[0]!.start, end: run[0]!.end }];
  const last = run[run.length - 1]!;
  return [
    { slot: 'first_name', start: run[0]!.start, end: run[0]!.end },
    { slot: 'last_name', start: last.start, end: last.end },
  ];
}

interface Cue {
  re: RegExp;
  /** Which slot a lone name after this cue fills; 'asked' follows what the agent asked for. */
  single: NameSlot | 'asked';
  /** Loose cues ("for", "I'm") need a capitalised first and last name to count. */
  loose: boolean;
}

// Phrases that introduce a name; the name follows the match.
const BEFORE_NAME: Cue[] = [
  { re: /\b(?:my )?(?:first|given|christian) name(?: is|'s|:)?\s+/gi, single: 'first_name', loose: false },
  { re: /\b(?:my )?(?:last|second|family|sur) ?name(?: is|'s|:)?\s+/gi, single: 'last_name', loose: false },
  {
    re: /\b(?:under|in|on|with|use|using|by|for) (?:the |my )?names? (?:of )?(?:is )?,?\s*["“]?/gi,
    single: 'asked',
    loose: false,
  },
  {
    re: /\b(?:my |the |your )?names?(?: is|'s|:|s)\s+(?:for the reservation is\s+)?["“]?/gi,
    single: 'first_name',
    loose: false,
  },
  { re: /\bthe name of\s+/gi, single: 'asked', loose: false },
  { re: /\b(?:you can |please |just )?call me\s+/gi, single: 'first_name', loose: false },
  { re: /\b(?:they|people|everyone|friends) call me\s+/gi, single: 'first_name', loose: false },
  { re: /\bnamed me\s+/gi, single: 'first_name', loose: false },
  { re: /\b(?:i am|i'm|im) (?:called|known as)\s+/gi, single: 'first_name', loose: false },
  { re: /\b(?:known|goes|go) (?:as|by)\s+/gi, single: 'first_name', loose: false },
  { re: /\b(?:this is|it's|it is|its|i am|i'm|im|should be)\s+/gi, single: 'first_name', loose: true },
  {
    re: /\b(?:under|for|with|by)\s+(?:(?:i think|i believe|probably|maybe|possibly|perhaps)\s+)?/gi,
    single: 'last_name',
    loose: true,
  },
  {
    re: /\b(?:have|has) an? (?=\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+ (?:booking|reservation|table))/giu,
    single: 'first_name',
    loose: true,
  },
];
// Phrases that follow a name: "Danyel Dubs here", "Negus is my family name".
const AFTER_NAME: Array<{ re: RegExp; single: NameSlot }> = [
  { re: /^\s+is my (?:last|second|family|sur) ?name\b/i, single: 'last_name' },
  { re: /^\s+is my (?:first|given) name\b/i, single: 'first_name' },
  {
    re: /^(?:\s+is|,\s*that is|,\s*that's|\s+is what you can call)\s+(?:my name|the (?:reservation |booking )?name|me)\b/i,
    single: 'first_name',
  },
  { re: /^\s+(?:here|speaking)\b/i, single: 'first_name' },
];
// "The Golojuch party", "the Lois Swoager table": a name used as a label.
const LABEL_AFTER = /^\s+(?:party|table|booking|reservation)\b/i;
// Places and restaurants are capitalised too; after these words a capitalised run is not a person.
const PLACE_CONTEXT =
  /\b(?:looking for|restaurant|website|address|directions|menu|located|near|area|neighbou?rhood)\b/i;

/**
 * First and last name spans. A cue ("under the name", "my name is", "call me") or a reply to a name
 * question is needed: capitalised words alone are too often places and dishes.
 */
export function nameSpans(text: string, requested: string[]): SlotSpan[] {
  const toks = tokens(text);
  const asked = requested.filter((s): s is NameSlot => s === 'first_name' || s === 'last_name');
  const askedSingle = singleAsked(asked);
  const at = (pos: number) => toks.findIndex((t) => t.start >= pos);
  const spans: SlotSpan[] = [];
  const has = (slot: string) => spans.some((s) => s.slot === slot);
  const addRun = (run: Token[], single: NameSlot) => {
    for (const s of asSpans(run, single)) if (!has(s.slot)) spans.push(s);
  };
  for (const cue of BEFORE_NAME) {
    for (const m of text.matchAll(cue.re)) {
      const i = at(m.index + m[0].length);
      if (i < 0 || toks[i]!.start !== m.index + m[0].length) continue;
      const run = nameAt(text, toks, i, cue.loose);
      if (run.length === 0 || (cue.loose && run.length < 2)) continue;
      const lead = text.slice(0, m.index + m[0].length);
      if ((cue.loose && PLACE_CONTEXT.test(lead)) || /\brestaurant\b/i.test(lead)) continue;
      if (
        /^\s+(?:restaurant|cafe|café|bar|kitchen|grill|cuisine|food|dishes)\b/i.test(
          text.slice(run[run.length - 1]!.end),
        )
      )
        continue;
      const single = cue.single === 'asked' ? (askedSingle ?? 'last_name') : cue.single;
      addRun(run, single);
      break;
    }
    if (has('first_name') && has('last_name')) return spans;
  }
  if (spans.length > 0) return spans;
  for (let i = 0; i < toks.length; i++) {
    const run = nameAt(text, toks, i, true);
    if (run.length === 0) continue;
    const after = text.slice(run[run.length - 1]!.end);
    const follow = AFTER_NAME.find((a) => a.re.test(after));
    if (follow && (run.length >= 2 || follow.single !== 'first_name' || i === 0))
      return asSpans(run, follow.single);
    const before = text.slice(0, run[0]!.start);
    if (LABEL_AFTER.test(after) && /\bthe\s+$/i.test(before)) return asSpans(run, 'last_name');
    // A full name opening or closing the message: "Erlinda Farrar, table of four", "Table of four, Hellen Lagerquist".
    if (run.length >= 2 && !PLACE_CONTEXT.test(text)) {
      const opens = /^\W*(?:(?:hi|hello|hey|probably|yes|ok|okay)\W+)?$/i.test(before);
      const closes = /,\s*$/.test(before) && /^\W*$/.test(after);
      if ((opens && /^\s*(?:,|has\b|have\b|booked\b|made\b|here\b|party\b)/i.test(after)) || closes) {
        return asSpans(run, 'first_name');
      }
    }
  }
  if (asked.length === 0) return [];
  return replyName(text, toks, askedSingle ?? 'first_name');
}

/**
 * Which part a lone word fills when the agent asked for names. Asked twice in a row for one part
 * (first, last, last) means that part is still missing; otherwise the first part asked for.
 */
function singleAsked(asked: NameSlot[]): NameSlot | null {
  if (asked.length === 0) return null;
  const lastAsked = asked[asked.length - 1]!;
  return asked.length > 1 && asked.indexOf(lastAsked) < asked.length - 1 ? lastAsked : asked[0]!;
}

/** The agent just asked for a name: the reply's name-like words are it. */
function replyName(text: string, toks: Token[], single: NameSlot): SlotSpan[] {
  if (toks.length > 4) return [];
  for (let i = 0; i < toks.length; i++) {
    if (NOT_REPLY_NAMES.has(toks[i]!.text.toLowerCase())) return [];
    const run = nameAt(text, toks, i, false, true);
    if (run.length === 0) continue;
    if (!run.some(capitalised) && toks.length > 1) continue;
    return asSpans(run, single);
  }
  // A lone capitalised word the stop list knows ("Will") is still a name when a name was asked for.
  if (toks.length === 1 && capitalised(toks[0]!) && !NOT_REPLY_NAMES.has(toks[0]!.text.toLowerCase())) {
    return asSpans(toks, single);
  }
  return [];
}
