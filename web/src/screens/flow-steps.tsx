import { useId } from 'react';
import type { Action } from '../types.ts';
import { type Errors, SelectField } from '../ui.tsx';

export interface Step {
  action: string;
  /** Input name → `{{flowInput}}`, `{{steps.0.output}}` or a literal. */
  inputs: Record<string, string>;
}

/** Ordered steps; each action input is mapped from a flow input, an earlier step's output or a literal. */
export function StepsEditor(p: {
  steps: Step[];
  actions: Action[];
  flowInputs: string[];
  errors: Errors;
  disabled: boolean;
  onChange: (s: Step[]) => void;
}) {
  const id = useId();
  const byKey = new Map(p.actions.map((a) => [a.key, a]));
  const setStep = (i: number, s: Step) => p.onChange(p.steps.map((x, j) => (j === i ? s : x)));
  const move = (i: number, by: number) => {
    const next = [...p.steps];
    const [s] = next.splice(i, 1);
    next.splice(i + by, 0, s!);
    p.onChange(next);
  };
  if (p.actions.length === 0) return <p className="muted">Create an action first; flows chain actions.</p>;
  return (
    <ol className="steps">
      {p.steps.map((s, i) => {
        const action = byKey.get(s.action);
        const sources: Array<[string, string]> = [
          ['', '— not set —'],
          ...p.flowInputs.map((n): [string, string] => [`{{${n}}}`, `Flow input: ${n}`]),
          ...p.steps
            .slice(0, i)
            .flatMap((prev, j) =>
              (byKey.get(prev.action)?.outputs ?? []).map((o): [string, string] => [
                `{{steps.${j}.${o.name}}}`,
                `Step ${j + 1} (${prev.action}) output: ${o.name}`,
              ]),
            ),
        ];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional
          <li key={i} className="card step" data-testid={`step-${i}`}>
            <h3>Step {i + 1}</h3>
            <SelectField
              label={`Step ${i + 1} action`}
              value={s.action}
              path={`steps[${i}].action`}
              errors={p.errors}
              options={[['', 'Choose an action'], ...p.actions.map((a): [string, string] => [a.key, a.name])]}
              onChange={(v) => setStep(i, { action: v, inputs: {} })}
            />
            {action?.inputs.map((inp) => {
              const v = s.inputs[inp.name] ?? '';
              const opts = sources.some(([x]) => x === v)
                ? sources
                : [...sources, [v, `Literal: ${v}`] as [string, string]];
              return (
                <SelectField
                  key={inp.name}
                  label={`Step ${i + 1} input ${inp.name}`}
                  value={v}
                  path={`steps[${i}].inputs.${inp.name}`}
                  errors={p.errors}
                  options={opts}
                  onChange={(nv) => setStep(i, { ...s, inputs: { ...s.inputs, [inp.name]: nv } })}
                />
              );
            })}
            <div className="buttons" id={`${id}-${i}`}>
              <button type="button" disabled={p.disabled || i === 0} onClick={() => move(i, -1)}>
                Move up<span className="sr-only"> step {i + 1}</span>
              </button>
              <button
                type="button"
                disabled={p.disabled || i === p.steps.length - 1}
                onClick={() => move(i, 1)}
              >
                Move down<span className="sr-only"> step {i + 1}</span>
              </button>
              <button
                type="button"
                className="danger"
                disabled={p.disabled}
                onClick={() => p.onChange(p.steps.filter((_, j) => j !== i))}
              >
                Remove<span className="sr-only"> step {i + 1}</span>
              </button>
            </div>
          </li>
        );
      })}
      <li className="add">
        <button
          type="button"
          disabled={p.disabled}
          onClick={() => p.onChange([...p.steps, { action: '', inputs: {} }])}
        >
          Add step
        </button>
      </li>
    </ol>
  );
}
