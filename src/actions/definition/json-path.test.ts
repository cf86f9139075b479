import { describe, expect, it } from 'vitest';
import { parseJsonPath } from './json-path.ts';

describe('output JSONPath', () => {
  it.each([
    ['$', '$', true],
    ['$.delivery.eta', "$['delivery']['eta']", true],
    ['$.items[0].sku', "$['items'][0]['sku']", true],
    ["$['weird key'].x", "$['weird key']['x']", true],
    ['$["a.b"]', "$['a.b']", true],
    ['$.items[-1].sku', "$['items'][-1:]['sku']", true],
    ['$.items[-2]', "$['items'][-2:-1]", true],
    ['$.items[*].sku', "$['items'][*]['sku']", false],
    ['$.items.*', "$['items'][*]", false],
    ['$.items[1:3]', "$['items'][1:3:]", false],
    ['$.items[::2]', "$['items'][::2]", false],
    ['$..sku', "$..['sku']", false],
    ['$..[*]', '$..[*]', false],
  ])('%s parses', (text, normalized, singular) => {
    expect(parseJsonPath(text)).toMatchObject({ ok: true, path: { normalized, singular } });
  });

  it('gives the segments of singular paths', () => {
    expect(parseJsonPath("$.items[-1]['a b'][0]")).toMatchObject({
      path: { segments: ['items', -1, 'a b', 0] },
    });
    expect(parseJsonPath('$.items[*]')).not.toHaveProperty('path.segments');
  });

  it.each([
    'delivery.eta',
    '$.',
    '$.items[',
    '$.items[?(@.price < 10)]',
    '$.items[(@.length-1)]',
    '$.a^',
    '$.a~',
    "$['a,b']",
    "$['a]",
    '$.items[0,1]',
    '$[01]',
    '$..',
    '$ .a',
  ])('%s is refused', (text) => {
    expect(parseJsonPath(text).ok).toBe(false);
  });
});
