import creditCardType from 'credit-card-type';
import { electronicFormatIBAN, ValidationErrorsIBAN, validateIBAN } from 'ibantools';

/**
 * PII scrubbing for text leaving Frontdesk (contracts.md §7): payment card numbers (Luhn and
 * a known network prefix, spaces or hyphens allowed), US SSNs (never-issued ranges
 * excluded), UK National Insurance numbers, IBANs (country length and mod-97), plus any
 * detectors the caller adds. Pure: candidates are found with regular expressions, then
 * each is validated; what fails validation (an order number, a Luhn-invalid run) is kept.
 */
export interface Detector {
  /** Short name, used in the replacement: `[card number removed]`. */
  name: string;
  /** A global regex finding candidates; `validate` (when given) confirms each. */
  pattern: RegExp;
  validate?: (match: RegExpExecArray, text: string) => boolean;
  /** Where the found item really ends when the candidate may run on (default: the match). */
  extent?: (match: RegExpExecArray, text: string) => number | null;
}

export interface Finding {
  type: string;
  start: number;
  end: number;
}

export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** 13–19 digits in groups separated by single spaces or hyphens, not inside a longer number. */
const CARD = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\d]|-\d)/g;
const SSN = /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d]|-\d)/g;
const SSN_PLAIN = /(?<!\d)(\d{3})(\d{2})(\d{4})(?!\d)/g;
const NINO = /\b([A-Z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])\b/gi;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}/gi;

/**
 * A known country, its BBAN length and format, and mod-97 — a failed national check digit
 * (a typo in the account part) still leaves a bank account number, so it is removed too.
 */
function isIban(candidate: string): boolean {
  const result = validateIBAN(electronicFormatIBAN(candidate.toUpperCase()) ?? '');
  return result.errorCodes.every((c) => c === ValidationErrorsIBAN.WrongAccountBankBranchChecksum);
}

/**
 * The longest prefix of an IBAN-shaped run that is a valid IBAN (country length and
 * mod-97), ending at a word boundary: "GB82 WEST … 32 today" must not swallow "today".
 */
function ibanEnd(m: RegExpExecArray, text: string): number | null {
  const s = m[0];
  for (let end = s.length; end >= 15; end--) {
    if (s[end - 1] === ' ' || /[A-Za-z0-9]/.test(text[m.index + end] ?? '')) continue;
    const candidate = s.slice(0, end);
    if (isIban(candidate)) return m.index + end;
  }
  return null;
}

function validSsn(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

const NINO_BAD_PREFIX = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

export const DETECTORS: Detector[] = [
  {
    name: 'card number',
    pattern: CARD,
    validate: (m) => {
      const digits = m[0].replace(/[ -]/g, '');
      if (digits.length < 13 || digits.length > 19 || !luhn(digits)) return false;
      // A Luhn-valid run that no card network issues (one in ten random numbers passes Luhn).
      return creditCardType(digits).length > 0;
    },
  },
  { name: 'IBAN', pattern: IBAN, extent: ibanEnd },
  { name: 'SSN', pattern: SSN, validate: (m) => validSsn(m[1]!, m[3]!, m[4]!) },
  {
    // Nine bare digits are usually something else (an order or tracking number): only
    // with the words around it saying it is a social security number.
    name: 'SSN',
    pattern: SSN_PLAIN,
    validate: (m, text) =>
      validSsn(m[1]!, m[2]!, m[3]!) &&
      /\b(ssn|social security|soc\.? sec\.?)\b/i.test(text.slice(Math.max(0, m.index - 40), m.index)),
  },
  {
    name: 'National Insurance number',
    pattern: NINO,
    validate: (m) => {
      const prefix = m[1]!.toUpperCase();
      return !/[DFIQUV]/.test(prefix[0]!) && !/[DFIQUVO]/.test(prefix[1]!) && !NINO_BAD_PREFIX.has(prefix);
    },
  },
];

/** Every validated finding, longest first where they overlap. */
export function findPii(text: string, extra: readonly Detector[] = []): Finding[] {
  const found: Finding[] = [];
  for (const d of [...DETECTORS, ...extra]) {
    const re = new RegExp(
      d.pattern.source,
      d.pattern.flags.includes('g') ? d.pattern.flags : `${d.pattern.flags}g`,
    );
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (d.validate && !d.validate(m, text)) continue;
      const end = d.extent ? d.extent(m, text) : m.index + m[0].length;
      if (end === null) {
        // Not this candidate; one may still start inside it.
        re.lastIndex = m.index + 1;
        continue;
      }
      found.push({ type: d.name, start: m.index, end });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Finding[] = [];
  for (const f of found) if (!kept.length || f.start >= kept[kept.length - 1]!.end) kept.push(f);
  return kept;
}

/** The text with every finding replaced by `[<type> removed]`. */
export function scrub(text: string, extra: readonly Detector[] = []): { text: string; findings: Finding[] } {
  const findings = findPii(text, extra);
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += `${text.slice(at, f.start)}[${f.type} removed]`;
    at = f.end;
  }
  return { text: out + text.slice(at), findings };
}
