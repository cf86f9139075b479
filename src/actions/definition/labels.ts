import type { InputDefinition } from './schema.ts';

// Short forms authors use in input names that a customer should never read ("What is your qty?").
const WORDS: Record<string, string> = {
  qty: 'quantity',
  amt: 'amount',
  num: 'number',
  no: 'number',
  nr: 'number',
  nbr: 'number',
  addr: 'address',
  dob: 'date of birth',
  tel: 'phone number',
  msg: 'message',
  desc: 'description',
  ref: 'reference',
  acct: 'account',
  pwd: 'password',
  zip: 'ZIP code',
  id: 'ID',
  url: 'URL',
  iban: 'IBAN',
};

/** "orderNumber", "order_no", "ORDER-ID" → "order number", "order number", "order ID". */
export function humanizeName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((w) => w.length > 0)
    .map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase());
  return words.join(' ');
}

/** The customer-facing name of an input: its `label`, or one made from its name. */
export function inputLabel(input: Pick<InputDefinition, 'name' | 'label'>): string {
  return input.label ?? humanizeName(input.name);
}
