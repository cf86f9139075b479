import { COUNT, overlaps, withoutOverlaps } from './span-tools.ts';

interface Range {
  start: number;
  end: number;
}

interface PartySpan extends Range {
  /** Named by relation only ("me and my wife"), without a number in it. */
  relational: boolean;
}

// Nouns counted as part of a party size ("5 adults and 1 child"). The annotators leave out
// "persons", "members", "seats" and the like, so those are not here.
const PARTY_NOUN = `(?:people|person|adults?|kids?|children|child|friends?|couples?|women|woman|men|man|guests|colleagues?|co-?workers?|seniors?|sisters?|brothers?|boys?|girls?|sons?|daughters?|siblings?|guys|others|other|ladies|lady|gentlemen|teenagers?|teens?|toddlers?|bab(?:y|ies)|infants?|parents|grandparents|family members|diners|students|cousins?|grandchildren|grandkids|nephews?|nieces?|ppl|pax|associates|girlfriends|boyfriends|buddies|mates|highchairs?|high chairs?)`;
const RELATION = String.raw`(?:lady friend|best friend|wife|husband|son|daughter|friend|partner|girlfriend|boyfriend|fianc[eé]e?|spouse|mom|mum|mother|dad|father|parents?|kids?|children|child|brother|sister|sis|bro|boss|colleagues?|family|grandmother|grandfather|grandma|grandpa|grandparents|grandson|granddaughter|twins|triplets|hubby|aunt|uncle|nephew|niece|cousins?|baby|in-laws|friends|sisters|brothers|sons|daughters|coworkers?|date|man|woman|girlfriends|boyfriends|nan|gran|mates?|buddies|buddy|girls|boys|siblings|co-?workers)(?:\s+in\s+law)?`;
const OWNER = `(?:my|our|her|his|their|the|a)`;
const SELF = `(?:me|myself|I)`;
// One member of a party as people list them: "me", "my wife", "three of my friends", "2 adults".
const MEMBER = String.raw`(?:${SELF}(?!')|${OWNER}\s+(?:${COUNT}\s+)?(?:${RELATION}|${PARTY_NOUN})|${COUNT}\s+of\s+(?:my|our)\s+${RELATION}|${COUNT}\s+${PARTY_NOUN}|${OWNER}\s+${COUNT}|mom|mum|dad|hubby)`;
// Later members may be bare: "my aunt and uncle plus nephew", "two plus a child", "four plus two".
const NEXT = String.raw`(?:${MEMBER}|${COUNT}(?:\s+more)?(?!\s*(?:tables?|tops?|seats?|highchairs?|high chairs?|at|for|on)\b)|${RELATION})`;
const JOIN = String.raw`(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+plus\s+|\s*&\s*|\s+with\s+(?=(?:me|my|our|his|her)\b)|\s+)`;
const GROUP = new RegExp(String.raw`\b(?:${MEMBER}|${COUNT})(?:${JOIN}${NEXT})+\b`, 'gi');
const HAS_MEMBER = new RegExp(String.raw`\b(?:${SELF}|${RELATION}|${PARTY_NOUN})\b`, 'i');

const TIME_OR_DATE_AFTER =
  /^\s*(?:[:.]\d|[ap]\.?m\b|o'?clock|-?ish|(?:st|nd|rd|th)\b|days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|nights?|%|(?:in|at) the (?:morning|evening|afternoon)|at night|(?:past|to|after|before)\s+\w|star)/i;
const NOT_A_PARTY_BEFORE =
  /(?:\bat|\$|£|€|#|\bno\.|\bnumber|(?<!fit )\bin|\bon|\bby|\babout|\bafter|\bbefore|\btill|\buntil|\bpast|\btop|\bthan|\brating|:|\/)\s*$/i;
// A number that replaces an earlier one: "make that 2", "change it to 8", "I meant 5".
const REPLACING =
  /\b(?:make (?:it|that)|change (?:it|that)?\s*to|to|meant|mean|only|now|instead|wait|actually|just|said|be)\s+(?:just\s+|only\s+)?$/i;

function all(re: RegExp, text: string, group = 0): Range[] {
  const out: Range[] = [];
  for (const m of text.matchAll(re)) {
    const g = m[group];
    if (g === undefined) continue;
    const start = m.index + m[0].indexOf(g);
    out.push({ start, end: start + g.length });
  }
  return out;
}

/** The member lists that make a group: at least two members joined, one of them a person. */
function groups(text: string): PartySpan[] {
  const out: PartySpan[] = [];
  for (const m of text.matchAll(GROUP)) {
    let words = m[0];
    // "for 5 people and I need to cancel": an "I" after a counted party starts a new clause.
    const trailingI = /\s*(?:,|\band)\s*I$/i.exec(words);
    if (trailingI && (trailingI[0].includes(',') || /^\S+\s+(?:people|persons?)\b/i.test(words))) {
      words = words.slice(0, trailingI.index);
    }
    if (!/\S(?:\s*,\s*|\s+)\S/.test(words) || !HAS_MEMBER.test(words)) continue;
    // Two counts side by side without a joining word are two numbers ("2 3"), not a group.
    if (
      !/,|\band\b|\bplus\b|&/i.test(words) &&
      !new RegExp(String.raw`${PARTY_NOUN}\s+${COUNT}`, 'i').test(words)
    )
      continue;
    const start = m.index;
    // A bare "with" before the group belongs to it in the annotation ("coming with my wife").
    const withBefore = /\b(?:coming|come|dining|dine|eating|eat|going|go|be)?\s*\bwith\s+$/i.exec(
      text.slice(0, start),
    );
    const from = withBefore ? start - withBefore[0].length + withBefore[0].search(/with/i) : start;
    const s =
      withBefore && (/^(?:me|my)\b/i.test(words) || /^\S*(?:coming|come)/i.test(withBefore[0]))
        ? from
        : start;
    const numbered = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/i.test(words);
    out.push({ start: s, end: start + words.length, relational: !numbered });
  }
  return out;
}

/** Patterns whose match (or first group) is a party size; `relational` marks ones without a number. */
interface Rule {
  re: RegExp;
  group?: number;
  relational?: boolean;
}

const rx = (source: string, flags = 'gi') => new RegExp(source, flags);

// Always a party size: counted people, "the 12 (of us)", "a 5 (top)", "just me".
const PARTY_RULES: Rule[] = [
  // Counted kinds of people; highchairs only count alongside people ("3 adults 1 highchair").
  { re: rx(String.raw`\b${COUNT}(?:\s+|-)(?!high)${PARTY_NOUN}\b`) },
  // Nouns the annotators leave outside the span: "Four persons" → "Four".
  {
    re: rx(String.raw`\b(${COUNT})(?=\s+(?:persons|individuals|members|heads|folks|seats|guest)\b)`),
    group: 1,
  },
  {
    re: rx(
      String.raw`\b(?:the|a)\s+${COUNT}(?=\s+of\s+(?:us|you|them|use)\b|(?:\s+|-)(?:top|seater|person|people|seating)\b|\s+\p{Lu}\p{Ll}+s\b)`,
      'giu',
    ),
  },
  { re: rx(String.raw`\bthe\s+${COUNT}\s+${PARTY_NOUN}\b`) },
  { re: /\b(?:the\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:sisters|brothers)\b/gi },
  { re: rx(String.raw`\b(?!one\b)${COUNT}(?=\s+of\s+(?:us|you|them|use|our)\b)`) },
  { re: /\ba (?:couple|dozen people|few people)\b(?!\s+(?:of|people are))/gi },
  { re: rx(String.raw`\bfor\s+((?:my|our)\s+${RELATION})\b(?!['’]s)`), group: 1, relational: true },
  {
    re: /\b(?:just|only|be|is|just for|only for) (?:just |only )?(me(?: alone)?|myself)\b(?!\s*(?:and|,|plus))/gi,
    group: 1,
    relational: true,
  },
  { re: /\b(?:table for|for) (myself|me alone)\b(?!\s*(?:and|,|plus))/gi, group: 1, relational: true },
  { re: /\b(?:eating|dining|coming|be|just me,?)\s+(alone|solo)\b/gi, group: 1, relational: true },
];

// A bare number that is a party size by the words around it. Not used when the agent just asked for
// a time and not for people: "2 is fine" then means 2 o'clock.
const BARE_COUNT_RULES: Rule[] = [
  { re: rx(String.raw`\bfor (?:just |only |about |around )?(${COUNT})\b`), group: 1 },
  {
    re: rx(
      String.raw`\b(?:us|we are|we're|there are|there will be|there's|it's|its|it is|is|are|will be|to|make it|make that|meant|said|expect|expecting|only|just|total of|all|all of|seat|accommodate|fit|include|book|now|change (?:it )?to) (?:just |only |about |around |definitely )?(${COUNT})\b`,
    ),
    group: 1,
  },
  {
    re: rx(
      String.raw`\b(${COUNT})(?=\s+(?:total|in total|altogether|seats|is coming|are coming|attending|is the (?:amount|number)|(?:at|for) (?:\d|quarter|half))\b)`,
    ),
    group: 1,
  },
  { re: rx(String.raw`^\W*(${COUNT})(?=\s+(?:are|will|would|is|have|has)\b)`), group: 1 },
  // "not 5 people, 6" and "6, not 5": the number set against the refused one.
  {
    re: rx(String.raw`\bnot\s+${COUNT}(?:\s+${PARTY_NOUN})?\s*,?\s+(?:but\s+|it'?s\s+|only\s+)?(${COUNT})\b`),
    group: 1,
  },
  { re: rx(String.raw`\b(${COUNT})(?=,?\s+not\s+${COUNT}\b)`), group: 1 },
];

// "party of 7 tonight": after these words a number is a party size whatever follows it.
const SIZED = rx(
  String.raw`\b(?:party|group|gang|table|booking|reservation|family|people|part|size) (?:of|for|is) (${COUNT})\b`,
);
const WHOLE_REPLY_COUNT = rx(String.raw`^\W*(${COUNT})\W*$`);
const CHILDREN_ONLY = /^(?:my\s+|\d+\s+|\w+\s+)?(?:kids?|children)$/i;
const HIGHCHAIR_TALK = /\b(?:high ?chairs?|baby chairs?|kid chairs?|boosters?)/i;
const ENDS_IN_NUMBER = /(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))$/i;

/** Whether a candidate is something other than the party's size, by its words and surroundings. */
function notAPartySize(text: string, c: Range, sized: boolean): boolean {
  const words = text.slice(c.start, c.end);
  const before = text.slice(0, c.start);
  const after = text.slice(c.end);
  if (/^\d+$/.test(words) && (Number(words) > 60 || Number(words) === 0)) return true;
  // "add one person", "not 4 people": a change or a refusal, not the size.
  if (/\b(?:add|adding|not)\s+$/i.test(before)) return true;
  // "I have two kids", "my 7 kids will need highchairs": children mentioned, not a booking.
  if (/\b(?:have|has)\s+$/i.test(before) && /(?:kids?|children|child)$/i.test(words)) return true;
  if (CHILDREN_ONLY.test(words) && HIGHCHAIR_TALK.test(text)) return true;
  // "one" is a count only where a count is expected: "table for one", or opening the reply.
  if (/^one$/i.test(words) && !/\bfor\s+$/i.test(before) && !/^\W*$/.test(before)) return true;
  if (!sized && ENDS_IN_NUMBER.test(words) && TIME_OR_DATE_AFTER.test(after)) return true;
  return /^\d+$/.test(words) && NOT_A_PARTY_BEFORE.test(before);
}

/**
 * Party-size spans as Restaurants-8k marks them: "9 people", "5 adults and 1 child", "me and my wife",
 * "the 12" (of us), "a 5" (top), and a bare count after "for" or "party of".
 */
export function peopleSpans(
  text: string,
  taken: Range[],
  peopleRequested: boolean,
  timeRequested: boolean,
): Range[] {
  const candidates: PartySpan[] = [...groups(text)];
  const rules = [...PARTY_RULES];
  if (!timeRequested || peopleRequested) rules.push(...BARE_COUNT_RULES);
  if (peopleRequested) rules.push({ re: WHOLE_REPLY_COUNT, group: 1 });
  for (const rule of rules) {
    for (const r of all(rule.re, text, rule.group))
      candidates.push({ ...r, relational: rule.relational ?? false });
  }
  const sized = all(SIZED, text, 1);
  candidates.push(...sized.map((r) => ({ ...r, relational: false })));

  const isSized = (c: Range) => sized.some((r) => r.start === c.start && r.end === c.end);
  let kept = withoutOverlaps(
    candidates.filter((c) => !taken.some((t) => overlaps(t, c)) && !notAPartySize(text, c, isSized(c))),
  );
  // "No, not 18 people, 8"; "4 or 5 people"; "make that 2": the later, replacing number wins.
  if (kept.length > 1) {
    const replacing = kept.filter(
      (c) => REPLACING.test(text.slice(0, c.start)) || /\bor\s+$/i.test(text.slice(0, c.start)),
    );
    if (replacing.length > 0) kept = [replacing[replacing.length - 1]!];
  }
  // A count says more than "my friend and I" in "my friend and I would like a table for two".
  if (kept.some((c) => !c.relational) && kept.some((c) => c.relational))
    kept = kept.filter((c) => !c.relational);
  return kept;
}

/** When the customer was just asked how many: a bare count anywhere in a short reply. */
export function requestedCount(text: string, taken: Range[]): Range | null {
  for (const r of all(new RegExp(String.raw`\b${COUNT}\b|\bsolo\b`, 'gi'), text)) {
    if (taken.some((t) => overlaps(t, r))) continue;
    if (TIME_OR_DATE_AFTER.test(text.slice(r.end))) continue;
    return r;
  }
  const self = /^\W*(?:just |only )?(me|myself)\W*$|\b(?:just|only) (me|myself)\b/i.exec(text);
  if (!self) return null;
  const word = self[1] ?? self[2]!;
  const start = self.index + self[0].indexOf(word);
  return { start, end: start + word.length };
}
