import { describe, expect, it } from 'vitest';
import { OutboundError } from '../../shared/http/errors.ts';
import type { RequestDefinition } from '../definition/schema.ts';
import { renderRequest, renderValue } from './render.ts';

const request = (r: Partial<RequestDefinition>): RequestDefinition => ({
  method: 'POST',
  url: 'https://api.example.com/orders',
  query: {},
  headers: {},
  ...r,
});

function refused(fn: () => unknown): OutboundError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OutboundError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('URL placeholders', () => {
  const url = (template: string, values: Record<string, unknown>) =>
    renderRequest(request({ method: 'GET', url: template }), values).url;

  it.each([
    ['../admin', 'https://api.example.com/orders/..%2Fadmin'],
    ['1?x=1', 'https://api.example.com/orders/1%3Fx%3D1'],
    ['1#frag', 'https://api.example.com/orders/1%23frag'],
    ['1\r\nHost: evil', 'https://api.example.com/orders/1%0D%0AHost%3A%20evil'],
    ['a\\b', 'https://api.example.com/orders/a%5Cb'],
    ['@evil.com', 'https://api.example.com/orders/%40evil.com'],
    ['ü ß', 'https://api.example.com/orders/%C3%BC%20%C3%9F'],
  ])('keeps %j inside its path segment', (value, expected) => {
    const rendered = url('https://api.example.com/orders/{{id}}', { id: value });
    expect(rendered).toBe(expected);
    expect(new URL(rendered).host).toBe('api.example.com');
    expect(new URL(rendered).pathname.split('/')).toHaveLength(3);
  });

  it('refuses values that would form a dot segment', () => {
    for (const id of ['..', '.']) {
      const error = refused(() => url('https://api.example.com/orders/{{id}}/items', { id }));
      expect(error.errorClass).toBe('invalid_input');
      expect(error.details[0]?.path).toBe('request.url');
    }
  });

  it('encodes values in the inline query, and query parameters form-style', () => {
    const rendered = renderRequest(
      request({
        method: 'GET',
        url: 'https://api.example.com/search?q={{q}}&fixed=1',
        query: { email: '{{email}}', tag: 'x-{{q}}', ids: '{{ids}}', missing: '{{none}}' },
      }),
      { q: 'a&b=c#d', email: 'jane+1@example.com', ids: [1, 2] },
    ).url;
    const params = new URL(rendered).searchParams;
    expect(params.get('q')).toBe('a&b=c#d');
    expect(params.get('fixed')).toBe('1');
    expect(params.get('email')).toBe('jane+1@example.com');
    expect(params.get('tag')).toBe('x-a&b=c#d');
    expect(params.getAll('ids')).toEqual(['1', '2']);
    expect(params.has('missing')).toBe(false);
    expect(new URL(rendered).hash).toBe('');
  });
});

describe('header placeholders', () => {
  it('refuses line breaks and control characters', () => {
    for (const value of ['a\r\nX-Injected: 1', 'a\nb', 'a\rb', 'a\u0000b', 'a\u007fb']) {
      const error = refused(() =>
        renderRequest(request({ headers: { 'X-Ref': '{{ref}}' } }), { ref: value }),
      );
      expect(error.errorClass).toBe('invalid_input');
      expect(error.details[0]?.path).toBe('request.headers.X-Ref');
    }
  });

  it('fills values and leaves out a header whose whole value is missing', () => {
    const { headers } = renderRequest(request({ headers: { 'X-Ref': 'ref-{{ref}}', 'X-Opt': '{{opt}}' } }), {
      ref: 'a\tb',
    });
    expect(headers).toEqual({ 'X-Ref': 'ref-a\tb' });
  });
});

describe('body placeholders', () => {
  const body = (template: RequestDefinition['body'], values: Record<string, unknown>) => {
    const rendered = renderRequest(request({ body: template }), values).body;
    return rendered === undefined ? undefined : JSON.parse(rendered);
  };

  it('inserts typed JSON values for whole placeholders', () => {
    expect(
      body(
        {
          qty: '{{qty}}',
          price: '{{price}}',
          gift: '{{gift}}',
          ids: '{{ids}}',
          sku: '{{sku}}',
          nested: ['{{qty}}'],
        },
        { qty: 3, price: 9.5, gift: false, ids: [1, 2], sku: 'A-1' },
      ),
    ).toEqual({ qty: 3, price: 9.5, gift: false, ids: [1, 2], sku: 'A-1', nested: [3] });
  });

  it.each(['"}', '", "admin": true, "x": "', '\\', '\u2028', '{{qty}}', '</script>'])(
    'a value like %j cannot break the JSON',
    (value) => {
      const rendered = renderRequest(request({ body: { note: '{{note}}', text: 'note: {{note}}!' } }), {
        note: value,
      }).body!;
      expect(JSON.parse(rendered)).toEqual({ note: value, text: `note: ${value}!` });
    },
  );

  it('leaves out members and items whose whole value is missing', () => {
    expect(body({ a: '{{a}}', b: 1, list: ['{{a}}', 2] }, {})).toEqual({ b: 1, list: [2] });
    expect(body('{{a}}', {})).toBeUndefined();
  });

  it('keeps a "__proto__" member an ordinary member', () => {
    const rendered = renderRequest(request({ body: JSON.parse('{"__proto__": {"x": "{{v}}"}}') }), {
      v: 1,
    }).body;
    expect(rendered).toBe('{"__proto__":{"x":1}}');
  });

  it('never reads values from the prototype', () => {
    expect(body({ a: '{{constructor}}', b: 'x{{toString}}' }, {})).toEqual({ b: 'x' });
    expect(renderValue('{{hasOwnProperty}}', {})).toBeUndefined();
  });
});
