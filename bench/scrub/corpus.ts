import { seededRandom } from '../../src/shared/random.ts';

/**
 * A labelled corpus for the PII scrubber, generated from a fixed seed: customer-service
 * sentences carrying either a real-format identifier (a positive, with its span) or a
 * look-alike that must be kept (order, tracking and phone numbers, Luhn-invalid runs,
 * never-issued SSNs, impossible NINO prefixes, IBANs with a wrong check). Independent of
 * the scrubber: check digits are computed here from the definitions in contracts.md §7.
 */
export interface Sample {
  text: string;
  /** The identifiers that must be removed, by type and span. */
  pii: Array<{ type: string; start: number; end: number }>;
  /** What the look-alike is, for negatives. */
  decoy?: string;
}

const rnd = seededRandom(20261202);
const int = (n: number) => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => int(10)).join('');

function luhnDigit(body: string): string {
  for (let d = 0; d < 10; d++) {
    const s = body + d;
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      let x = Number(s[s.length - 1 - i]);
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return String(d);
  }
  return '0';
}

function card(valid: boolean): string {
  const [prefix, len, groups] = pick([
    ['4', 16, [4, 4, 4, 4]],
    ['51', 16, [4, 4, 4, 4]],
    ['55', 16, [4, 4, 4, 4]],
    ['2221', 16, [4, 4, 4, 4]],
    ['34', 15, [4, 6, 5]],
    ['37', 15, [4, 6, 5]],
    ['6011', 16, [4, 4, 4, 4]],
    [`35${28 + int(62)}`, 16, [4, 4, 4, 4]],
  ] as const);
  const body = prefix + digits(len - prefix.length - 1);
  let check = luhnDigit(body);
  if (!valid) check = String((Number(check) + 1 + int(8)) % 10);
  const n = body + check;
  const sep = pick(['', ' ', '-']);
  if (sep === '') return n;
  const parts: string[] = [];
  let at = 0;
  for (const g of groups) {
    parts.push(n.slice(at, at + g));
    at += g;
  }
  return parts.join(sep);
}

function ssn(valid: boolean): string {
  let area = 1 + int(898);
  if (area === 666) area = 665;
  let group = 1 + int(99);
  let serial = 1 + int(9999);
  if (!valid) {
    const which = int(4);
    if (which === 0) area = pick([0, 666, 900 + int(100)]);
    if (which === 1) group = 0;
    if (which === 2) serial = 0;
    if (which === 3) area = 900 + int(100);
  }
  const sep = pick(['-', ' ']);
  return `${String(area).padStart(3, '0')}${sep}${String(group).padStart(2, '0')}${sep}${String(serial).padStart(4, '0')}`;
}

const NINO_FIRST = 'ABCEGHJKLMNOPRSTWXYZ';
const NINO_SECOND = 'ABCEGHJKLMNPRSTWXYZ';
function nino(valid: boolean): string {
  let prefix = pick([...NINO_FIRST]) + pick([...NINO_SECOND]);
  while (['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(prefix))
    prefix = pick([...NINO_FIRST]) + pick([...NINO_SECOND]);
  if (!valid) prefix = pick(['QA', 'DA', 'FA', 'AO', 'GB', 'ZZ', 'NT', 'VA']);
  const d = digits(6);
  const suffix = pick(['A', 'B', 'C', 'D']);
  return pick([true, false])
    ? `${prefix} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}`
    : `${prefix}${d}${suffix}`;
}

function mod97(s: string): number {
  let r = 0;
  for (const ch of s) {
    const v = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const c of v) r = (r * 10 + Number(c)) % 97;
  }
  return r;
}

function iban(valid: boolean): string {
  const [country, bban] = pick([
    ['GB', () => `${pick(['WEST', 'NWBK', 'BARC', 'LOYD'])}${digits(14)}`],
    ['DE', () => digits(18)],
    ['FR', () => `${digits(10)}${pick(['0', 'A', 'B'])}${digits(10)}${digits(2)}`],
    ['NL', () => `${pick(['ABNA', 'INGB', 'RABO'])}${digits(10)}`],
    ['ES', () => digits(20)],
  ] as const);
  const b = (bban as () => string)();
  let check = 98 - mod97(`${b}${country}00`);
  if (!valid) check = ((check + 1 + int(90)) % 97) + 2;
  const raw = `${country}${String(check).padStart(2, '0')}${b}`;
  return pick([true, false]) ? raw.replace(/(.{4})/g, '$1 ').trim() : raw;
}

const FRAMES: Record<string, string[]> = {
  'card number': [
    'My card number is {x}, can you check the charge?',
    'Charge it to {x} please',
    'the card {x} expired last month',
  ],
  SSN: ['My SSN is {x}.', 'For the tax form: {x}', 'social security {x}, name Jane Doe'],
  'National Insurance number': ['My NI number is {x}', 'National Insurance: {x}.', 'payroll has {x} on file'],
  IBAN: ['Please refund to {x} today', 'My IBAN: {x}', 'account {x} (business)'],
};

const DECOYS: Array<[string, () => string, string[]]> = [
  [
    'Luhn-invalid card-like run',
    () => card(false),
    ['The card {x} was declined', 'Number {x} on the receipt'],
  ],
  ['never-issued SSN', () => ssn(false), ['reference {x}', 'case {x} closed']],
  ['impossible NINO prefix', () => nino(false), ['code {x}', 'voucher {x} applied']],
  ['IBAN with a wrong check', () => iban(false), ['ref {x}', 'my account is {x}']],
  ['order number', () => `#${digits(5 + int(6))}`, ['Where is order {x}?', 'order {x} arrived damaged']],
  ['order number (bare)', () => digits(6 + int(7)), ['my order number is {x}', 'invoice {x} is paid']],
  ['tracking number', () => `9400${digits(18)}`, ['tracking {x} shows no movement']],
  ['UPS tracking', () => `1Z${digits(3)}AA${digits(10)}`, ['UPS says {x}']],
  [
    'phone number',
    () =>
      pick([
        `+1 ${digits(3)} ${digits(3)} ${digits(4)}`,
        `+44 20 ${digits(4)} ${digits(4)}`,
        `(${digits(3)}) ${digits(3)}-${digits(4)}`,
      ]),
    ['call me on {x}', 'my number is {x}'],
  ],
  // Hard by design: a reference number that happens to be Luhn-valid with a card prefix.
  [
    'Luhn-valid 16-digit reference',
    () => {
      const b = `4${digits(14)}`;
      return b + luhnDigit(b);
    },
    ['gift voucher code {x}', 'booking reference {x}'],
  ],
  [
    'date and amount',
    () =>
      `2026-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')} for $${digits(3)}.${digits(2)}`,
    ['paid on {x}'],
  ],
];

export function buildCorpus(size = 2000): Sample[] {
  const out: Sample[] = [];
  const makers: Record<string, () => string> = {
    'card number': () => card(true),
    SSN: () => ssn(true),
    'National Insurance number': () => nino(true),
    IBAN: () => iban(true),
  };
  for (let i = 0; i < size; i++) {
    if (i % 20 === 0) {
      // Hard by design: formats the scrubber does not claim to catch.
      const [type, x, frame] = pick([
        ['SSN', ssn(true).replace(/[- ]/g, ''), 'it is {x}, the number you asked for'],
        [
          'card number',
          card(true)
            .replace(/[- ]/g, '')
            .replace(/(\d{4})(?=\d)/g, '$1.'),
          'card {x} please',
        ],
        [
          'National Insurance number',
          nino(true)
            .replace(/ /g, '')
            .replace(/^(..)(\d{2})/, '$1-$2'),
          'ni {x}',
        ],
      ] as const);
      const start = frame.indexOf('{x}');
      out.push({ text: frame.replace('{x}', x), pii: [{ type, start, end: start + x.length }] });
    } else if (i % 2 === 0) {
      const type = pick(Object.keys(makers));
      const x = makers[type]!();
      const frame = pick(FRAMES[type]!);
      const start = frame.indexOf('{x}');
      out.push({ text: frame.replace('{x}', x), pii: [{ type, start, end: start + x.length }] });
    } else {
      const [decoy, make, frames] = pick(DECOYS);
      out.push({ text: pick(frames).replace('{x}', make()), pii: [], decoy });
    }
  }
  return out;
}
