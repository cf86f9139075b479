import type { Errors } from '../ui.tsx';
import { TextField } from '../ui.tsx';

type Output = { name: string; path: string; description: string };

/** Mapped outputs: the response fields the agent may use (picked from a test response, or typed). */
export function OutputsEditor(p: {
  value: Output[];
  onChange: (v: Output[]) => void;
  errors: Errors;
  disabled: boolean;
}) {
  const set = (i: number, patch: Partial<Output>) =>
    p.onChange(p.value.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <fieldset className="rows" disabled={p.disabled} data-testid="outputs">
      <legend>Outputs</legend>
      {p.value.length === 0 && (
        <p className="muted">No outputs yet: make a test call and click a field in the response.</p>
      )}
      {p.value.map((o, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
        <div className="row" key={i}>
          <TextField
            label="Output name"
            value={o.name}
            path={`outputs[${i}].name`}
            errors={p.errors}
            onChange={(v) => set(i, { name: v })}
          />
          <TextField
            label="JSONPath"
            value={o.path}
            path={`outputs[${i}].path`}
            errors={p.errors}
            onChange={(v) => set(i, { path: v })}
          />
          <button
            type="button"
            className="icon"
            onClick={() => p.onChange(p.value.filter((_, j) => j !== i))}
          >
            Remove<span className="sr-only"> output {o.name}</span>
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => p.onChange([...p.value, { name: '', path: '$.', description: '' }])}
      >
        Add output by path
      </button>
    </fieldset>
  );
}
