import { type ErrorDetail, formatPath, invalid, zodIssuesToDetails } from '../../shared/errors.ts';
import { checkInputDefinitions } from '../definition/input-rules.ts';
import { tokenize, wholePlaceholder } from '../definition/placeholders.ts';
import { walkBody } from '../definition/request-rules.ts';
import type { ActionDefinition, InputDefinition } from '../definition/schema.ts';
import { duplicateTriggers } from '../definition/triggers.ts';
import { checkResponseTemplate } from '../definition/validate.ts';
import { type FlowDefinition, flowDefinitionSchema } from './schema.ts';

export type LookupAction = (key: string) => ActionDefinition | undefined;

/**
 * Parses and checks a flow: every step names an existing action and only its inputs,
 * gives every required customer input, and refers only to flow inputs or outputs of
 * earlier steps; whole-placeholder flow inputs fit the action input's type. Throws 422
 * with paths such as `steps[1].action` or `steps[1].inputs.qty`.
 */
export function validateFlowDefinition(value: unknown, lookupAction: LookupAction): FlowDefinition {
  const parsed = flowDefinitionSchema.safeParse(value);
  if (!parsed.success) throw invalid('The flow is invalid.', zodIssuesToDetails(parsed.error.issues));
  const flow = parsed.data;
  const { inputs, details } = checkInputDefinitions(flow.inputs, ['inputs']);
  const add = (path: PropertyKey[], message: string) => details.push({ path: formatPath(path), message });
  const flowInputs = new Map(flow.inputs.map((i) => [i.name, i]));
  // Outputs reachable so far, by every spelling of their step reference.
  const reachable = new Set<string>();
  const stepKeys = new Set<string>();

  flow.steps.forEach((step, index) => {
    const at = (...rest: PropertyKey[]) => ['steps', index, ...rest];
    if (step.key !== undefined) {
      if (stepKeys.has(step.key)) add(at('key'), `Another step is already keyed "${step.key}".`);
      stepKeys.add(step.key);
    }
    const action = lookupAction(step.action);
    if (!action) {
      add(at('action'), `There is no action "${step.action}".`);
    } else {
      const actionInputs = new Map(action.inputs.map((i) => [i.name, i]));
      for (const [name, template] of Object.entries(step.inputs)) {
        const target = actionInputs.get(name);
        if (!target) add(at('inputs', name), `The action "${action.key}" has no input "${name}".`);
        else details.push(...typeMismatch(template, target, flowInputs, at('inputs', name)));
      }
      for (const input of action.inputs) {
        const given = Object.hasOwn(step.inputs, input.name);
        if (!given && input.required && input.default === undefined && input.source === 'customer') {
          add(at('inputs'), `The required input "${input.name}" of "${action.key}" is not given.`);
        }
      }
    }
    for (const [name, template] of Object.entries(step.inputs)) {
      walkBody(template, at('inputs', name), (text, path) => {
        for (const token of tokenize(text)) {
          if (token.kind === 'text') continue;
          if (token.kind !== 'var') add(path, 'Only {{name}} placeholders are allowed in step inputs.');
          else {
            const problem = referenceProblem(token.name, flowInputs, reachable, flow, index);
            if (problem) add(path, problem);
          }
        }
      });
    }
    for (const output of action?.outputs ?? []) {
      reachable.add(`steps.${index}.${output.name}`);
      if (step.key !== undefined) reachable.add(`steps.${step.key}.${output.name}`);
    }
  });

  const outputNames = new Set<string>();
  for (const [index, output] of (flow.outputs ?? []).entries()) {
    const name = wholePlaceholder(output.value);
    if (name === undefined)
      add(['outputs', index, 'value'], 'Give one placeholder, e.g. {{steps.0.status}}.');
    else {
      const problem = referenceProblem(name, flowInputs, reachable, flow, flow.steps.length);
      if (problem) add(['outputs', index, 'value'], problem);
    }
    if (outputNames.has(output.name))
      add(['outputs', index, 'name'], `Another output is already named "${output.name}".`);
    outputNames.add(output.name);
  }

  if (flow.responseTemplate !== undefined) {
    const last = flow.steps.at(-1);
    const lastOutputs = flow.outputs
      ? []
      : (lookupAction(last?.action ?? '')?.outputs ?? []).map((o) => o.name);
    const known = new Set([...flowInputs.keys(), ...outputNames, ...lastOutputs]);
    details.push(...checkResponseTemplate(flow.responseTemplate, known, ['responseTemplate']));
  }

  details.push(...duplicateTriggers(flow.triggers));
  if (details.length > 0) throw invalid('The flow is invalid.', details);
  return { ...flow, inputs };
}

/** A flow is a write when any of its steps is. */
export function flowKind(flow: FlowDefinition, lookupAction: LookupAction): 'read' | 'write' {
  return flow.steps.some((s) => lookupAction(s.action)?.kind === 'write') ? 'write' : 'read';
}

function referenceProblem(
  name: string,
  flowInputs: ReadonlyMap<string, InputDefinition>,
  reachable: ReadonlySet<string>,
  flow: FlowDefinition,
  stepIndex: number,
): string | undefined {
  if (!name.startsWith('steps.'))
    return flowInputs.has(name) ? undefined : `{{${name}}} names no flow input.`;
  if (reachable.has(name)) return undefined;
  const [, ref] = name.split('.');
  const target = /^\d+$/.test(ref ?? '') ? Number(ref) : flow.steps.findIndex((s) => s.key === ref);
  if (target < 0 || target >= flow.steps.length) return `{{${name}}} names no step.`;
  if (target >= stepIndex) return `{{${name}}} refers to a step that has not run yet.`;
  return `{{${name}}} names no output of step ${target}.`;
}

function typeMismatch(
  template: unknown,
  target: InputDefinition,
  flowInputs: ReadonlyMap<string, InputDefinition>,
  path: PropertyKey[],
): ErrorDetail[] {
  if (typeof template !== 'string') return [];
  const name = wholePlaceholder(template);
  const source = name === undefined ? undefined : flowInputs.get(name);
  if (!source) return [];
  const from = source.type === 'array' ? `${source.items}[]` : source.type;
  const to = target.type === 'array' ? `${target.items}[]` : target.type;
  const fits =
    from === to || (from === 'integer' && to === 'decimal') || (from === 'integer[]' && to === 'decimal[]');
  if (fits) return [];
  return [
    { path: formatPath(path), message: `The flow input "${name}" is ${from}, the action input is ${to}.` },
  ];
}
