/**
 * CRM search semantics of the stand-in (contracts.md §1.3): filterGroups OR-ed, filters
 * AND-ed, the documented limits (5 groups × 6 filters, 18 in all, one sort, 200 per page,
 * 3,000-character body, 10,000 results) answered with HubSpot's 400 shape.
 */
export interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  values?: string[];
  highValue?: string;
}

export interface SearchBody {
  filterGroups?: Array<{ filters?: Filter[] }>;
  sorts?: Array<{ propertyName: string; direction?: string } | string>;
  query?: string;
  properties?: string[];
  limit?: number;
  after?: string;
}

export interface StoredRecord {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export const LIMITS = {
  groups: 5,
  filtersPerGroup: 6,
  filters: 18,
  sorts: 1,
  pageSize: 200,
  body: 3000,
  total: 10_000,
};

const OPERATORS = new Set([
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
]);

/** A reason the request is refused (HubSpot answers 400 VALIDATION_ERROR), or null. */
export function searchLimitError(body: SearchBody, rawLength: number, known: Set<string>): string | null {
  if (rawLength > LIMITS.body)
    return `The request body is ${rawLength} characters; at most ${LIMITS.body} are allowed.`;
  const groups = body.filterGroups ?? [];
  if (groups.length > LIMITS.groups)
    return `Too many filter groups: ${groups.length} (max ${LIMITS.groups}).`;
  let total = 0;
  for (const g of groups) {
    const n = g.filters?.length ?? 0;
    if (n > LIMITS.filtersPerGroup)
      return `Too many filters in a group: ${n} (max ${LIMITS.filtersPerGroup}).`;
    total += n;
    for (const f of g.filters ?? []) {
      if (!OPERATORS.has(f.operator)) return `Unknown operator ${f.operator}.`;
      if (!known.has(f.propertyName) && !f.propertyName.startsWith('associations.'))
        return `Property ${f.propertyName} does not exist.`;
    }
  }
  if (total > LIMITS.filters) return `Too many filters: ${total} (max ${LIMITS.filters}).`;
  if ((body.sorts?.length ?? 0) > LIMITS.sorts) return `Only ${LIMITS.sorts} sort is allowed.`;
  const limit = body.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIMITS.pageSize)
    return `limit must be between 1 and ${LIMITS.pageSize}.`;
  if (body.after !== undefined && !/^\d+$/.test(body.after))
    return 'after must be an integer formatted as a string.';
  if (Number(body.after ?? 0) + limit > LIMITS.total) return `Search results are limited to ${LIMITS.total}.`;
  return null;
}

const num = (v: string | null | undefined) =>
  v !== null && v !== undefined && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : null;
const dateOrNum = (v: string | null | undefined): number | null => {
  const n = num(v);
  if (n !== null) return n;
  if (v && !Number.isNaN(Date.parse(v))) return Date.parse(v);
  return null;
};

function compare(a: string | null | undefined, b: string | undefined): number | null {
  const x = dateOrNum(a);
  const y = dateOrNum(b);
  if (x !== null && y !== null) return x - y;
  if (a === null || a === undefined || b === undefined) return null;
  return a.toLowerCase().localeCompare(b.toLowerCase());
}

const tokens = (v: string) =>
  v
    .toLowerCase()
    .split(/[^\p{L}\p{N}@.+-]+/u)
    .filter(Boolean);

function containsToken(value: string | null | undefined, token: string | undefined): boolean {
  if (!value || !token) return false;
  const t = token.toLowerCase();
  if (t.includes('*')) {
    const re = new RegExp(
      `^${t
        .split('*')
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return tokens(value).some((w) => re.test(w)) || re.test(value.toLowerCase());
  }
  return tokens(value).includes(t) || value.toLowerCase() === t;
}

export function matchesFilter(
  r: StoredRecord,
  f: Filter,
  associated: (type: string) => Set<string>,
): boolean {
  if (f.propertyName.startsWith('associations.')) {
    const ids = associated(f.propertyName.slice('associations.'.length));
    return f.operator === 'EQ'
      ? ids.has(String(f.value))
      : f.operator === 'NEQ'
        ? !ids.has(String(f.value))
        : false;
  }
  const v = r.properties[f.propertyName];
  const has = v !== null && v !== undefined && v !== '';
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'EQ':
      return has && compare(v, f.value) === 0;
    case 'NEQ':
      return !has || compare(v, f.value) !== 0;
    case 'LT':
      return has && (compare(v, f.value) ?? 0) < 0;
    case 'LTE':
      return has && (compare(v, f.value) ?? 1) <= 0;
    case 'GT':
      return has && (compare(v, f.value) ?? 0) > 0;
    case 'GTE':
      return has && (compare(v, f.value) ?? -1) >= 0;
    case 'BETWEEN':
      return has && (compare(v, f.value) ?? -1) >= 0 && (compare(v, f.highValue) ?? 1) <= 0;
    case 'IN':
      return has && (f.values ?? []).some((x) => compare(v, x) === 0);
    case 'NOT_IN':
      return !has || !(f.values ?? []).some((x) => compare(v, x) === 0);
    case 'CONTAINS_TOKEN':
      return containsToken(v, f.value);
    case 'NOT_CONTAINS_TOKEN':
      return !containsToken(v, f.value);
    default:
      return false;
  }
}

/** Runs a (valid) search over the records of one object type. */
export function runSearch(
  records: StoredRecord[],
  body: SearchBody,
  associated: (r: StoredRecord, type: string) => Set<string>,
): { total: number; results: StoredRecord[]; nextAfter: string | undefined } {
  const groups = (body.filterGroups ?? []).filter((g) => (g.filters?.length ?? 0) > 0);
  let hits = records.filter((r) => !r.archived);
  if (groups.length > 0) {
    hits = hits.filter((r) =>
      groups.some((g) => g.filters!.every((f) => matchesFilter(r, f, (t) => associated(r, t)))),
    );
  }
  if (body.query) {
    const q = body.query.toLowerCase();
    hits = hits.filter((r) =>
      Object.values(r.properties).some((v) => typeof v === 'string' && v.toLowerCase().includes(q)),
    );
  }
  const sort = body.sorts?.[0];
  if (sort) {
    const s =
      typeof sort === 'string'
        ? {
            propertyName: sort.replace(/^-/, ''),
            direction: sort.startsWith('-') ? 'DESCENDING' : 'ASCENDING',
          }
        : sort;
    const dir = s.direction === 'DESCENDING' ? -1 : 1;
    hits = [...hits].sort(
      (a, b) => dir * (compare(a.properties[s.propertyName], b.properties[s.propertyName] ?? undefined) ?? 0),
    );
  } else {
    hits = [...hits].sort((a, b) => Number(a.id) - Number(b.id));
  }
  const start = Number(body.after ?? 0);
  const limit = body.limit ?? 10;
  const page = hits.slice(start, start + limit);
  return {
    total: hits.length,
    results: page,
    nextAfter: start + limit < hits.length ? String(start + limit) : undefined,
  };
}
