import { RULE_VARIABLES } from '../../../src/deployments/routing-rules.ts';

/**
 * The routing-rule condition builder's model: rows of "field test value", all or any of
 * them, written as the JsonLogic the API stores. The API checks the result (operators,
 * variable names) and answers its reason at the condition's path. Pure.
 */
export type Match = 'all' | 'any';
export type Op = '==' | '!=' | 'in' | 'starts_with' | 'ends_with' | 'contains';
export interface ConditionRow {
  variable: string;
  op: Op;
  value: string;
}

export const VARIABLES: readonly string[] = RULE_VARIABLES;
export const OPERATORS: Array<[Op, string]> = [
  ['==', 'is'],
  ['!=', 'is not'],
  ['in', 'is one of (comma-separated)'],
  ['contains', 'contains'],
  ['starts_with', 'starts with'],
  ['ends_with', 'ends with'],
];

const literal = (v: string): unknown => (v === 'true' ? true : v === 'false' ? false : v);

function ruleOf(r: ConditionRow): unknown {
  const v = { var: r.variable.trim() };
  switch (r.op) {
    case 'in':
      return {
        in: [
          v,
          r.value
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ],
      };
    case 'contains':
      return { in: [r.value, v] };
    case 'starts_with':
    case 'ends_with':
      return { [r.op]: [v, r.value] };
    default:
      return { [r.op]: [v, literal(r.value)] };
  }
}

export function conditionOf(match: Match, rows: ConditionRow[]): unknown {
  if (rows.length === 0) return true;
  if (rows.length === 1) return ruleOf(rows[0]!);
  return { [match === 'all' ? 'and' : 'or']: rows.map(ruleOf) };
}

function rowOf(node: unknown): ConditionRow | null {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return null;
  const [op, args] = Object.entries(node)[0] ?? [];
  if (!Array.isArray(args) || args.length !== 2) return null;
  const [a, b] = args as [unknown, unknown];
  const name = (x: unknown) =>
    x && typeof x === 'object' && 'var' in x && typeof (x as { var: unknown }).var === 'string'
      ? (x as { var: string }).var
      : null;
  if (op === 'in' && typeof a === 'string' && name(b))
    return { variable: name(b)!, op: 'contains', value: a };
  if (op === 'in' && name(a) && Array.isArray(b))
    return { variable: name(a)!, op: 'in', value: b.join(', ') };
  if ((op === '==' || op === '!=' || op === 'starts_with' || op === 'ends_with') && name(a))
    return { variable: name(a)!, op, value: String(b) };
  return null;
}

/** The builder's rows for a stored condition, or null when the builder cannot show it. */
export function rowsOf(c: unknown): { match: Match; rows: ConditionRow[] } | null {
  if (c === true) return { match: 'all', rows: [] };
  if (c && typeof c === 'object' && !Array.isArray(c)) {
    const [op, args] = Object.entries(c)[0] ?? [];
    if ((op === 'and' || op === 'or') && Array.isArray(args)) {
      const rows = args.map(rowOf);
      return rows.every(Boolean)
        ? { match: op === 'and' ? 'all' : 'any', rows: rows as ConditionRow[] }
        : null;
    }
  }
  const row = rowOf(c);
  return row ? { match: 'all', rows: [row] } : null;
}
