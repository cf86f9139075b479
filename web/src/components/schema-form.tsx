import { CheckField, type Errors, Field, SelectField, TextField } from '../ui.tsx';
import { type Draft, fieldFor, type SchemaField } from './json-schema.ts';

/**
 * The inputs of a schema-generated form. Errors whose path is inside a field (an item of a
 * list, `config.allowedOrigins[1]`) are shown at that field.
 */
export function SchemaFields({
  fields,
  draft,
  onChange,
  errors,
}: {
  fields: SchemaField[];
  draft: Draft;
  onChange: (d: Draft) => void;
  errors: Errors;
}) {
  const at = errors.map((e) => ({ ...e, path: fieldFor(fields, e.path) ?? e.path }));
  const set = (path: string) => (v: string | boolean) => onChange({ ...draft, [path]: v });
  return (
    <>
      {fields.map((f) => {
        const common = { label: f.label, path: f.path, errors: at, ...(f.hint ? { hint: f.hint } : {}) };
        const text = String(draft[f.path] ?? '');
        switch (f.kind) {
          case 'boolean':
            return (
              <CheckField
                key={f.path}
                label={f.label}
                checked={draft[f.path] === true}
                onChange={set(f.path)}
              />
            );
          case 'choice':
            return (
              <SelectField
                key={f.path}
                {...common}
                value={text}
                options={[
                  ...(f.required ? [] : ([['', '—']] as Array<[string, string]>)),
                  ...(f.schema.enum ?? []).map((v) => [String(v), String(v)] as [string, string]),
                ]}
                onChange={set(f.path)}
              />
            );
          case 'list':
          case 'json':
            return (
              <Field
                key={f.path}
                {...common}
                hint={[f.hint, f.kind === 'list' ? 'One a line.' : 'JSON.'].filter(Boolean).join(' ')}
              >
                {(a) => (
                  <textarea {...a} rows={3} value={text} onChange={(e) => set(f.path)(e.target.value)} />
                )}
              </Field>
            );
          default:
            return (
              <TextField
                key={f.path}
                {...common}
                type={f.kind === 'number' ? 'number' : 'text'}
                value={text}
                onChange={set(f.path)}
              />
            );
        }
      })}
    </>
  );
}
