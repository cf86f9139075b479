import { type RefObject, useId } from 'react';
import { INPUT_FORMATS, INPUT_TYPES } from '../../../src/actions/definition/schema.ts';
import { CheckField, type Errors, SelectField, TextField } from '../ui.tsx';

/** One input as the editor holds it (the API's input definition, defaults filled). */
export interface InputDraft {
  name: string;
  type: (typeof INPUT_TYPES)[number];
  instructions: string;
  required: boolean;
  format?: (typeof INPUT_FORMATS)[number] | undefined;
  sensitive: boolean;
  items?: string | undefined;
  [k: string]: unknown;
}

/** Trigger phrases: add and delete, as in seed 000 "Describe the action". */
export function TriggersEditor(p: {
  value: string[];
  onChange: (v: string[]) => void;
  errors: Errors;
  disabled: boolean;
}) {
  const groupId = useId();
  return (
    <fieldset className="rows" aria-describedby={`${groupId}-hint`}>
      <legend>Trigger phrases</legend>
      <small id={`${groupId}-hint`} className="hint">
        What a customer might say, e.g. “Reset my password”.
      </small>
      {p.value.map((t, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
        <div className="row" key={i}>
          <TextField
            label={`Trigger ${i + 1}`}
            value={t}
            path={`triggers[${i}]`}
            errors={p.errors}
            disabled={p.disabled}
            onChange={(v) => p.onChange(p.value.map((x, j) => (j === i ? v : x)))}
          />
          <button
            type="button"
            className="icon"
            disabled={p.disabled}
            onClick={() => p.onChange(p.value.filter((_, j) => j !== i))}
          >
            Delete<span className="sr-only"> trigger {i + 1}</span>
          </button>
        </div>
      ))}
      <button type="button" disabled={p.disabled} onClick={() => p.onChange([...p.value, ''])}>
        Add trigger
      </button>
    </fieldset>
  );
}

/** The inputs to collect from the customer before the call (seed 000 "Define required inputs"). */
export function InputsEditor(p: {
  value: InputDraft[];
  onChange: (v: InputDraft[]) => void;
  errors: Errors;
  disabled: boolean;
}) {
  const set = (i: number, patch: Partial<InputDraft>) =>
    p.onChange(p.value.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <div className="rows">
      {p.value.length === 0 && <p className="muted">No inputs: the call needs nothing from the customer.</p>}
      {p.value.map((inp, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
        <fieldset className="input-row" key={i}>
          <legend>Input {i + 1}</legend>
          <TextField
            label="Input name"
            value={inp.name}
            path={`inputs[${i}].name`}
            errors={p.errors}
            disabled={p.disabled}
            hint="Used as {{name}} in the request."
            onChange={(v) => set(i, { name: v })}
          />
          <SelectField
            label="Type"
            value={inp.type}
            path={`inputs[${i}].type`}
            errors={p.errors}
            disabled={p.disabled}
            options={INPUT_TYPES.map((t) => [t, t])}
            onChange={(v) => set(i, { type: v as InputDraft['type'] })}
          />
          <SelectField
            label="Format"
            value={inp.format ?? ''}
            path={`inputs[${i}].format`}
            errors={p.errors}
            disabled={p.disabled}
            options={[['', 'any'], ...INPUT_FORMATS.map((f): [string, string] => [f, f])]}
            onChange={(v) => set(i, { format: (v || undefined) as InputDraft['format'] })}
          />
          <TextField
            label="Instructions"
            value={inp.instructions}
            path={`inputs[${i}].instructions`}
            errors={p.errors}
            disabled={p.disabled}
            hint="How to ask for it, e.g. “Valid email format (e.g. jane@example.com)”."
            onChange={(v) => set(i, { instructions: v })}
          />
          <CheckField
            label="Required"
            checked={inp.required}
            disabled={p.disabled}
            onChange={(v) => set(i, { required: v })}
          />
          <CheckField
            label="Sensitive (masked in the log)"
            checked={inp.sensitive}
            disabled={p.disabled}
            onChange={(v) => set(i, { sensitive: v })}
          />
          <button
            type="button"
            className="icon"
            disabled={p.disabled}
            onClick={() => p.onChange(p.value.filter((_, j) => j !== i))}
          >
            Delete input<span className="sr-only"> {inp.name || i + 1}</span>
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        disabled={p.disabled}
        onClick={() =>
          p.onChange([
            ...p.value,
            { name: '', type: 'string', instructions: '', required: true, sensitive: false },
          ])
        }
      >
        Add input
      </button>
    </div>
  );
}

export type Row = [string, string];

/** Name/value rows for query parameters and headers. */
export function RowsEditor(p: {
  label: string;
  value: Row[];
  onChange: (v: Row[]) => void;
  disabled: boolean;
  onFocusValue?: (i: number, el: HTMLInputElement) => void;
}) {
  const id = useId();
  return (
    <fieldset className="rows">
      <legend>{p.label}</legend>
      {p.value.map(([k, v], i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
        <div className="row kv" key={i}>
          <label htmlFor={`${id}-k${i}`} className="sr-only">
            {p.label} name {i + 1}
          </label>
          <input
            id={`${id}-k${i}`}
            placeholder="name"
            value={k}
            disabled={p.disabled}
            onChange={(e) => p.onChange(p.value.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))}
          />
          <label htmlFor={`${id}-v${i}`} className="sr-only">
            {p.label} value {i + 1}
          </label>
          <input
            id={`${id}-v${i}`}
            placeholder="value or {{input}}"
            value={v}
            disabled={p.disabled}
            onFocus={(e) => p.onFocusValue?.(i, e.currentTarget)}
            onChange={(e) => p.onChange(p.value.map((r, j) => (j === i ? [r[0], e.target.value] : r)))}
          />
          <button
            type="button"
            className="icon"
            disabled={p.disabled}
            onClick={() => p.onChange(p.value.filter((_, j) => j !== i))}
          >
            Delete
            <span className="sr-only">
              {' '}
              {p.label} row {i + 1}
            </span>
          </button>
        </div>
      ))}
      <button type="button" disabled={p.disabled} onClick={() => p.onChange([...p.value, ['', '']])}>
        Add {p.label.toLowerCase().replace(/s$/, '')}
      </button>
    </fieldset>
  );
}

/** Where the placeholder picker inserts: the API field focused last. */
export interface InsertTarget {
  el: HTMLInputElement | HTMLTextAreaElement;
  apply: (value: string) => void;
  json: boolean;
}

/** Buttons that insert `{{input}}` at the cursor of the last focused API field. */
export function PlaceholderPicker(p: {
  names: string[];
  target: RefObject<InsertTarget | null>;
  disabled: boolean;
}) {
  if (p.names.length === 0) return <p className="muted small">Add inputs to insert them as placeholders.</p>;
  const insert = (name: string) => {
    const t = p.target.current;
    if (!t) return;
    const { el } = t;
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? start;
    const before = el.value.slice(0, start);
    // In a JSON body a placeholder is a JSON string ("{{email}}" keeps the input's type).
    const quoted = t.json && !before.trimEnd().endsWith('"');
    const token = quoted ? `"{{${name}}}"` : `{{${name}}}`;
    t.apply(before + token + el.value.slice(end));
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(start + token.length, start + token.length);
    });
  };
  return (
    <fieldset className="picker">
      <legend className="muted small">Insert input:</legend>
      {p.names.map((n) => (
        <button
          type="button"
          key={n}
          className="chip"
          disabled={p.disabled}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => insert(n)}
        >
          {`{{${n}}}`}
        </button>
      ))}
    </fieldset>
  );
}
