import { performance } from 'node:perf_hooks';
import type { ResolvedConnection } from '../../connections/definition.ts';
import type { ErrorDetail } from '../../shared/errors.ts';
import type { OutboundErrorClass } from '../../shared/http/errors.ts';
import { wholePlaceholder } from '../definition/placeholders.ts';
import type { ActionDefinition } from '../definition/schema.ts';
import { checkInputs } from '../definition/values.ts';
import { ownValue, renderValue } from '../runner/render.ts';
import { type ActionRunResult, type RunActionOptions, runAction } from '../runner/run-action.ts';
import type { FlowDefinition } from './schema.ts';

export interface ResolvedAction {
  action: ActionDefinition;
  connection?: ResolvedConnection | undefined;
}

export type ResolveAction = (key: string) => Promise<ResolvedAction | undefined> | ResolvedAction | undefined;

export interface RunFlowOptions extends RunActionOptions {
  /** Conversation context by field (`contact.email`), for the steps' context inputs. */
  context?: Readonly<Record<string, unknown>>;
}

export interface FlowStepResult {
  index: number;
  key?: string;
  action: string;
  result: ActionRunResult;
}

export interface FlowRunResult {
  ok: boolean;
  steps: FlowStepResult[];
  outputs: Record<string, unknown>;
  /** The step that stopped the flow. */
  failedStep?: { index: number; key?: string; action: string; error: NonNullable<ActionRunResult['error']> };
  /** Set when the flow's own inputs were invalid, before any step ran. */
  error?: { class: OutboundErrorClass; message: string; details?: ErrorDetail[] };
  durationMs: number;
}

/**
 * Runs a flow's steps in order (B10). Each step's inputs come from the flow's inputs,
 * earlier outputs or literals, and are checked strictly by the step's action; the first
 * failing step stops the flow and is named in `failedStep`.
 */
export async function runFlow(
  flow: FlowDefinition,
  resolveAction: ResolveAction,
  inputs: unknown,
  options: RunFlowOptions = {},
): Promise<FlowRunResult> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  const checked = checkInputs(flow, inputs);
  if (!checked.ok) {
    const error = {
      class: 'invalid_input' as const,
      message: 'The flow inputs are invalid.',
      details: checked.details,
    };
    return { ok: false, steps: [], outputs: {}, error, durationMs: elapsed() };
  }
  // Placeholder values: flow inputs, then `steps.<index>.<output>` and `steps.<key>.<output>`.
  const values: Record<string, unknown> = { ...checked.values };
  const steps: FlowStepResult[] = [];
  const { context, ...actionOptions } = options;

  for (const [index, step] of flow.steps.entries()) {
    const where = { index, action: step.action, ...(step.key !== undefined ? { key: step.key } : {}) };
    const resolved = await resolveAction(step.action);
    if (!resolved) {
      const error = { class: 'invalid_input' as const, message: `There is no action "${step.action}".` };
      return { ok: false, steps, outputs: {}, failedStep: { ...where, error }, durationMs: elapsed() };
    }
    const stepInputs: Record<string, unknown> = {};
    for (const [name, template] of Object.entries(step.inputs)) {
      const value = renderValue(template, values);
      if (value !== undefined) stepInputs[name] = value;
    }
    for (const input of resolved.action.inputs) {
      if (input.source !== 'context' || input.contextField === undefined || input.name in stepInputs)
        continue;
      const value =
        context && Object.hasOwn(context, input.contextField) ? context[input.contextField] : undefined;
      if (value !== undefined) stepInputs[input.name] = value;
    }
    const result = await runAction({
      action: resolved.action,
      connection: resolved.connection,
      inputs: stepInputs,
      options: actionOptions,
    });
    steps.push({ ...where, result });
    if (!result.ok) {
      const error = result.error ?? { class: 'network' as const, message: 'The step failed.' };
      return { ok: false, steps, outputs: {}, failedStep: { ...where, error }, durationMs: elapsed() };
    }
    for (const [name, value] of Object.entries(result.outputs)) {
      values[`steps.${index}.${name}`] = value;
      if (step.key !== undefined) values[`steps.${step.key}.${name}`] = value;
    }
  }

  const outputs: Record<string, unknown> = {};
  if (flow.outputs) {
    for (const output of flow.outputs) {
      const name = wholePlaceholder(output.value);
      const value = name === undefined ? undefined : ownValue(values, name);
      if (value !== undefined) outputs[output.name] = value;
    }
  } else {
    Object.assign(outputs, steps.at(-1)?.result.outputs ?? {});
  }
  return { ok: true, steps, outputs, durationMs: elapsed() };
}
