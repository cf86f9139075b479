import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../src/shared/random.ts';

export interface Row {
  text: string;
  category: string;
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF); the first line names the columns. */
export function parseCsv(source: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (record.some((value) => value !== '')) records.push(record);
      record = [];
    } else field += ch;
  }
  record.push(field);
  if (record.some((value) => value !== '')) records.push(record);
  const [header, ...body] = records;
  if (!header) return [];
  return body.map((values) => Object.fromEntries(header.map((name, i) => [name.trim(), values[i] ?? ''])));
}

export function readRows(path: string): Row[] {
  return parseCsv(readFileSync(path, 'utf8')).map((record) => ({
    text: record['text'] ?? '',
    category: record['category'] ?? '',
  }));
}

export function readDataset(dir: string): { train: Row[]; test: Row[] } {
  return { train: readRows(join(dir, 'train.csv')), test: readRows(join(dir, 'test.csv')) };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function groupByCategory(rows: readonly Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const group = groups.get(row.category);
    if (group) group.push(row);
    else groups.set(row.category, [row]);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface FewShotSplit {
  /** category → its k trigger phrases */
  triggers: Map<string, string[]>;
  /** category → the train rows that were not sampled (the only rows tuning may look at) */
  unused: Map<string, Row[]>;
}

/**
 * The benchmark protocol's sampling: one seeded RNG walks the categories in sorted order and
 * draws k rows from each (file order within a category, then a seeded shuffle).
 */
export function sampleTriggers(train: readonly Row[], k: number, seed: number): FewShotSplit {
  const random = seededRandom(seed);
  const triggers = new Map<string, string[]>();
  const unused = new Map<string, Row[]>();
  for (const [category, rows] of groupByCategory(train)) {
    const order = shuffled(rows, random);
    triggers.set(
      category,
      order.slice(0, k).map((row) => row.text),
    );
    unused.set(category, order.slice(k));
  }
  return { triggers, unused };
}

export type DescriptionMode = 'name' | 'empty';

export function categoryName(category: string): string {
  return category.replace(/_/g, ' ').trim();
}

export function candidatesFor(triggers: Map<string, string[]>, mode: DescriptionMode) {
  return [...triggers.entries()].map(([category, phrases]) => ({
    id: category,
    name: categoryName(category),
    description: mode === 'name' ? categoryName(category) : '',
    triggers: phrases,
  }));
}
