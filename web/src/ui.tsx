import { type ReactNode, useEffect, useId, useRef } from 'react';
import { ApiError, type ErrorDetail } from './api.ts';

/** Field errors by path, from a failed save (client check or API answer). */
export type Errors = ErrorDetail[];
export const errorsOf = (e: unknown): Errors => (e instanceof ApiError ? e.details : []);
export const messageOf = (e: unknown): string =>
  e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e);
const at = (errors: Errors | undefined, path: string | undefined) =>
  path === undefined ? [] : (errors ?? []).filter((d) => d.path === path).map((d) => d.message);

interface FieldProps {
  label: string;
  /** The API field path, e.g. `inputs[0].name`; its errors show under the field. */
  path?: string;
  errors?: Errors | undefined;
  hint?: string;
  children: (a: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}

export function Field({ label, path, errors, hint, children }: FieldProps) {
  const id = useId();
  const msgs = at(errors, path);
  const described = [hint ? `${id}-hint` : '', msgs.length ? `${id}-err` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${msgs.length ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(described ? { 'aria-describedby': described } : {}),
        ...(msgs.length ? { 'aria-invalid': true } : {}),
      })}
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {msgs.length > 0 && (
        <small id={`${id}-err`} className="error" data-path={path}>
          {msgs.join(' ')}
        </small>
      )}
    </div>
  );
}

type Common = {
  label: string;
  path?: string;
  errors?: Errors | undefined;
  hint?: string;
  disabled?: boolean;
};

type Focus = { onFocus?: (el: HTMLInputElement | HTMLTextAreaElement) => void };

export function TextField(
  p: Common &
    Focus & {
      value: string;
      onChange: (v: string) => void;
      type?: string;
      placeholder?: string;
      autoComplete?: string;
      /** A <datalist> id: suggestions, any text allowed. */
      list?: string;
    },
) {
  return (
    <Field label={p.label} path={p.path} errors={p.errors} {...(p.hint ? { hint: p.hint } : {})}>
      {(a) => (
        <input
          {...a}
          type={p.type ?? 'text'}
          value={p.value}
          placeholder={p.placeholder}
          autoComplete={p.autoComplete}
          list={p.list}
          disabled={p.disabled}
          onFocus={(e) => p.onFocus?.(e.currentTarget)}
          onChange={(e) => p.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function AreaField(
  p: Common & Focus & { value: string; onChange: (v: string) => void; rows?: number },
) {
  return (
    <Field label={p.label} path={p.path} errors={p.errors} {...(p.hint ? { hint: p.hint } : {})}>
      {(a) => (
        <textarea
          {...a}
          rows={p.rows ?? 3}
          value={p.value}
          disabled={p.disabled}
          onFocus={(e) => p.onFocus?.(e.currentTarget)}
          onChange={(e) => p.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function SelectField(
  p: Common & { value: string; onChange: (v: string) => void; options: Array<[string, string]> },
) {
  return (
    <Field label={p.label} path={p.path} errors={p.errors} {...(p.hint ? { hint: p.hint } : {})}>
      {(a) => (
        <select {...a} value={p.value} disabled={p.disabled} onChange={(e) => p.onChange(e.target.value)}>
          {p.options.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckField(p: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className="check">
      <input
        id={id}
        type="checkbox"
        checked={p.checked}
        disabled={p.disabled}
        onChange={(e) => p.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{p.label}</label>
    </div>
  );
}

/** The whole-form message, announced to screen readers; lists errors whose field is not on screen. */
export function FormError({ error }: { error: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const details = errorsOf(error);
  return (
    <div className="alert error" role="alert" tabIndex={-1} ref={ref}>
      <strong>{messageOf(error)}</strong>
      {details.length > 0 && (
        <ul>
          {details.map((d) => (
            <li key={`${d.path}:${d.message}`}>
              {d.path ? <code>{d.path}</code> : null} {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="alert ok" role="status">
      {children}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p>
        <strong>{title}</strong>
      </p>
      {children}
    </div>
  );
}

export function Loading() {
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}

export function Badge({ state }: { state: string }) {
  return <span className={`badge ${state}`}>{state}</span>;
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  const h = useId();
  return (
    <section className="card" aria-labelledby={h} id={id}>
      <h2 id={h}>{title}</h2>
      {children}
    </section>
  );
}

/** A form's submit handler: no page reload, then the action. */
export const submit =
  (fn: () => unknown) =>
  (e: { preventDefault: () => void }): void => {
    e.preventDefault();
    void fn();
  };
