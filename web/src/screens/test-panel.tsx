import type { ReactNode } from 'react';
import type { TestResult } from '../types.ts';
import { TextField } from '../ui.tsx';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const step = (path: string, k: string | number) =>
  typeof k === 'number' ? `${path}[${k}]` : IDENT.test(k) ? `${path}.${k}` : `${path}['${k}']`;

/**
 * The response body as a tree whose leaves are buttons: clicking one maps that field as an
 * output (its JSONPath), the way Zendesk's action builder does.
 */
export function JsonPicker(p: {
  value: unknown;
  onPick: (path: string, name: string) => void;
  mapped: Set<string>;
}) {
  const render = (v: unknown, path: string, name: string): ReactNode => {
    if (v !== null && typeof v === 'object') {
      const entries: Array<[string | number, unknown]> = Array.isArray(v)
        ? v.map((x, i): [number, unknown] => [i, x])
        : Object.entries(v);
      return (
        <ul className="tree">
          {entries.map(([k, x]) => (
            <li key={String(k)}>
              <span className="tree-key">{String(k)}:</span>{' '}
              {render(x, step(path, k), typeof k === 'number' ? `${name}_${k}` : k)}
            </li>
          ))}
        </ul>
      );
    }
    const isMapped = p.mapped.has(path);
    return (
      <button
        type="button"
        className={`leaf${isMapped ? ' mapped' : ''}`}
        aria-pressed={isMapped}
        title={`Map ${path} as an output`}
        onClick={() => p.onPick(path, name)}
      >
        {JSON.stringify(v)}
        <span className="sr-only"> — map {path} as an output</span>
      </button>
    );
  };
  return <div className="json-picker">{render(p.value, '$', 'value')}</div>;
}

export function SampleInputs(p: {
  names: string[];
  values: Record<string, string>;
  onChange: (v: Record<string, string>) => void;
}) {
  if (p.names.length === 0) return null;
  return (
    <div className="grid2">
      {p.names.map((n) => (
        <TextField
          key={n}
          label={`Sample ${n}`}
          path={n}
          value={p.values[n] ?? ''}
          onChange={(v) => p.onChange({ ...p.values, [n]: v })}
        />
      ))}
    </div>
  );
}

/** What the test call sent (secrets masked by the server) and what came back. */
export function TestResultView(p: {
  result: TestResult;
  mapped: Set<string>;
  onPick?: ((path: string, name: string) => void) | undefined;
}) {
  const r = p.result;
  let parsed: unknown;
  let isJson = false;
  try {
    parsed = r.body ? JSON.parse(r.body) : undefined;
    isJson = r.body !== undefined;
  } catch {}
  return (
    <div className="test-result" data-testid="test-result">
      <p>
        <span className={`badge ${r.ok ? 'published' : 'error'}`}>{r.ok ? 'Succeeded' : 'Failed'}</span>{' '}
        {r.status !== undefined && (
          <>
            Status <strong data-testid="test-status">{r.status}</strong> ·{' '}
          </>
        )}
        {Math.round(r.durationMs)} ms
      </p>
      {r.error && (
        <p className="error" role="alert">
          {r.error.message}
        </p>
      )}
      {r.request && (
        <details open>
          <summary>Request as sent</summary>
          <pre data-testid="test-request">
            {`${r.request.method} ${r.request.url}\n`}
            {Object.entries(r.request.headers)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n')}
            {r.request.body ? `\n\n${r.request.body}` : ''}
          </pre>
        </details>
      )}
      {r.body !== undefined && (
        <details open>
          <summary>
            Response body {p.onPick && isJson ? '— click a field to map it as an output' : ''}
          </summary>
          {isJson && p.onPick ? (
            <JsonPicker value={parsed} onPick={p.onPick} mapped={p.mapped} />
          ) : (
            <pre>{r.body}</pre>
          )}
        </details>
      )}
      <details open>
        <summary>Outputs of this call</summary>
        <pre data-testid="test-outputs">{JSON.stringify(r.outputs, null, 2)}</pre>
      </details>
    </div>
  );
}

/** Sample values typed as the inputs declare (the API checks them strictly). */
export function sampleValues(
  inputs: Array<{ name: string; type: string }>,
  values: Record<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const i of inputs) {
    const raw = values[i.name];
    if (raw === undefined || raw === '') continue;
    if (i.type === 'integer' || i.type === 'decimal') out[i.name] = Number(raw);
    else if (i.type === 'boolean') out[i.name] = raw === 'true';
    else if (i.type === 'array') out[i.name] = raw.split(',').map((s) => s.trim());
    else out[i.name] = raw;
  }
  return out;
}
