import { describe, expect, it } from 'vitest';
import { validateConnectionInput } from '../definition.ts';
import { createMasker, MASK, maskHeaders, secretValues } from './mask.ts';

describe('masking', () => {
  const conn = validateConnectionInput({
    key: 'b',
    name: 'B',
    type: 'basic',
    username: 'jane',
    secrets: { password: 'p@ss word"' },
  });
  const mask = createMasker(secretValues(conn));

  it('covers the raw secret and its wire forms', () => {
    const basic = Buffer.from('jane:p@ss word"').toString('base64');
    const text = `raw=p@ss word" url=${encodeURIComponent('p@ss word"')} form=p%40ss+word%22 json=${JSON.stringify('p@ss word"')} basic=${basic}`;
    const masked = mask(text);
    expect(masked).not.toContain('p@ss');
    expect(masked).not.toContain('p%40ss');
    expect(masked).not.toContain(basic);
    expect(masked.split(MASK).length - 1).toBe(5);
  });

  it('masks credential headers by name and secrets by content', () => {
    const out = maskHeaders(
      { Authorization: 'Basic whatever', 'X-Note': 'pw is p@ss word"', Accept: 'application/json' },
      new Set(['authorization']),
      mask,
    );
    expect(out).toEqual({ Authorization: MASK, 'X-Note': `pw is ${MASK}`, Accept: 'application/json' });
  });
});
