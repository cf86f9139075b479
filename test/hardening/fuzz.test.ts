import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/shared/random.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { type IsolationFixture, isolationFixtures } from '../support/isolation-fixtures.ts';

/**
 * A bounded, deterministic fuzz over every operation of /api/v1/openapi.json (so routes
 * added later are covered without touching this file): a valid call, then mutations of its
 * body, path and query — wrong types, NUL, lone surrogates, deep nesting, long ids. No
 * answer may be a 5xx, and every answer must fit the schema documented for its status.
 */
const SEED = 20261202;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const NASTY_TEXT = ['\u0000', 'a\ud800b', '\udfff', 'x'.repeat(5000), '../../etc/passwd', '{{x}}', '%00', ''];
const deep = (levels: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = { a: [v] };
  return v;
};

interface Operation {
  id: string;
  method: string;
  path: string;
  op: any;
}

interface Case {
  label: string;
  url: string;
  body?: unknown;
  raw?: string;
}

function mutateValue(value: unknown, rnd: () => number): unknown {
  const choices: unknown[] = [
    null,
    42,
    3.5,
    true,
    [],
    {},
    NASTY_TEXT[Math.floor(rnd() * NASTY_TEXT.length)],
    deep(40),
    typeof value === 'string' ? `${value}\u0000` : 'text',
  ];
  return choices[Math.floor(rnd() * choices.length)];
}

/** A copy of `body` with one field (at any depth) replaced by a hostile value. */
function mutateBody(body: unknown, rnd: () => number): unknown {
  if (body === null || typeof body !== 'object') return mutateValue(body, rnd);
  const copy: any = structuredClone(body);
  let target = copy;
  for (let depth = 0; depth < 4; depth++) {
    const keys = Object.keys(target);
    if (keys.length === 0) break;
    const key = keys[Math.floor(rnd() * keys.length)]!;
    const next = target[key];
    if (next !== null && typeof next === 'object' && rnd() < 0.5) {
      target = next;
      continue;
    }
    target[key] = mutateValue(next, rnd);
    return copy;
  }
  if (!Array.isArray(target)) target[`extra${Math.floor(rnd() * 100)}`] = mutateValue(undefined, rnd);
  return copy;
}

function casesFor(o: Operation, fixture: IsolationFixture, rnd: () => number): Case[] {
  const route = fixture.routes[`${o.method.toUpperCase()} ${o.path}`] ?? {};
  const fill = (override?: (name: string) => string) =>
    o.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
      encodeURIComponent(override ? override(name) : (fixture.params[name] ?? 'missing')),
    );
  const url = fill();
  const hasBody = o.op.requestBody !== undefined;
  const body = route.body ?? (hasBody ? {} : undefined);
  const cases: Case[] = [{ label: 'valid', url, ...(body !== undefined ? { body } : {}) }];
  if (hasBody) {
    for (let i = 0; i < 3; i++) cases.push({ label: `mutated body ${i}`, url, body: mutateBody(body, rnd) });
    cases.push({ label: 'deep body', url, body: { ...(body as object), nested: deep(200) } });
    cases.push({ label: 'array body', url, raw: '[1,2,3]' });
    cases.push({ label: 'lone surrogate', url, raw: '{"name":"\\ud800"}' });
  }
  if (o.path.includes('{')) {
    cases.push({
      label: 'long id',
      url: fill(() => 'z'.repeat(90)),
      ...(body !== undefined ? { body } : {}),
    });
    cases.push({ label: 'very long id', url: fill(() => 'z'.repeat(400)) });
    cases.push({ label: 'NUL id', url: fill(() => 'a\u0000b') });
    cases.push({ label: 'other id', url: fill(() => 'usr_does_not_exist') });
  }
  const query = ['?limit=-1', '?limit=abc', '?q=%00', '?since=not-a-date', '?status=%ED%A0%80', '?a[b][c]=1'];
  cases.push({ label: 'odd query', url: `${url}${query[Math.floor(rnd() * query.length)]}` });
  return cases;
}

describe.each(backends)('schema-driven fuzz (%s)', (kind) => {
  let t: TestApp;
  let fixture: IsolationFixture;
  let doc: any;
  const validators = new Map<string, ValidateFunction>();
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });

  beforeAll(async () => {
    t = await startTestApp(kind, { env: { FRONTDESK_RATE_LIMIT: '100000' } });
    fixture = await isolationFixtures(t);
    const raw = (await t.call('GET', '/api/v1/openapi.json')).body;
    doc = await SwaggerParser.dereference(structuredClone(raw));
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  function responseSchema(o: Operation, status: number): { schema: unknown; documented: boolean } {
    const responses = o.op.responses ?? {};
    const entry = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses['default'];
    if (!entry) return { schema: undefined, documented: false };
    return { schema: entry.content?.['application/json']?.schema, documented: true };
  }

  function validatorFor(key: string, schema: unknown): ValidateFunction {
    const known = validators.get(key);
    if (known) return known;
    const compiled = ajv.compile(schema as object);
    validators.set(key, compiled);
    return compiled;
  }

  it('finds no 5xx and no answer outside its documented schema', async () => {
    const rnd = seededRandom(SEED);
    const ops: Operation[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const method of METHODS) {
        // Streams (Server-Sent Events) stay open; the inbox suite tests theirs.
        if (item[method] && !fixture.routes[`${method.toUpperCase()} ${path}`]?.stream)
          ops.push({ id: `${method.toUpperCase()} ${path}`, method, path, op: item[method] });
      }
    }
    // Deletions last, so the other operations meet existing resources.
    ops.sort((a, b) => Number(a.method === 'delete') - Number(b.method === 'delete'));
    expect(ops.length).toBeGreaterThan(20);
    const failures: string[] = [];
    let sent = 0;
    for (const o of ops) {
      for (const c of casesFor(o, fixture, rnd)) {
        sent++;
        const res = await t.call(o.method.toUpperCase(), c.url, {
          ...(c.raw !== undefined ? { raw: c.raw } : c.body !== undefined ? { body: c.body } : {}),
        });
        const where = `${o.id} [${c.label}] → ${res.status}`;
        if (res.status >= 500) {
          failures.push(`${where}: ${JSON.stringify(res.body).slice(0, 200)}`);
          continue;
        }
        const { schema, documented } = responseSchema(o, res.status);
        if (!documented) {
          failures.push(`${where}: status not documented`);
          continue;
        }
        if (schema === undefined || res.body === undefined || res.body === '') continue;
        const validate = validatorFor(`${o.id} ${res.status}`, schema);
        if (!validate(res.body)) {
          failures.push(
            `${where}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(res.body).slice(0, 200)}`,
          );
        }
      }
    }
    expect(sent).toBeLessThan(900);
    expect(failures).toEqual([]);
    // Bounded (a few hundred requests); the margin is for a loaded CI machine.
  }, 240_000);
});
