import { type ErrorDetail, formatPath, invalid, zodIssuesToDetails } from '../../shared/errors.ts';
import { checkInputDefinitions } from './input-rules.ts';
import { parseJsonPath } from './json-path.ts';
import { checkRequestTemplate } from './request-rules.ts';
import { type ActionDefinition, actionDefinitionSchema } from './schema.ts';
import { parseTemplate, TemplateSyntaxError } from './template.ts';
import { duplicateTriggers } from './triggers.ts';

export interface ValidateActionOptions {
  /** When given, `request.connection` must name a connection for which this is true. */
  connectionExists?: (key: string) => boolean;
}

/**
 * Parses and checks an action definition. Returns it normalised (defaults filled in and
 * typed) or throws AppError 422 `invalid` with one `{path, message}` per problem, e.g.
 * `inputs`, `request.url`, `request.body.qty`, `outputs[3].path`.
 */
export function validateActionDefinition(
  value: unknown,
  options: ValidateActionOptions = {},
): ActionDefinition {
  const parsed = actionDefinitionSchema.safeParse(value);
  if (!parsed.success) throw invalid('The action is invalid.', zodIssuesToDetails(parsed.error.issues));
  const action = parsed.data;
  const { inputs, details } = checkInputDefinitions(action.inputs, ['inputs']);
  const inputNames = new Set(action.inputs.map((i) => i.name));
  details.push(...checkRequestTemplate(action.request, (name) => inputNames.has(name)));
  details.push(...checkOutputs(action));
  details.push(...duplicateTriggers(action.triggers));
  if (action.responseTemplate !== undefined) {
    const names = new Set([...inputNames, ...action.outputs.map((o) => o.name)]);
    details.push(...checkResponseTemplate(action.responseTemplate, names, ['responseTemplate']));
  }
  const connection = action.request.connection;
  if (connection !== undefined && options.connectionExists && !options.connectionExists(connection)) {
    details.push({ path: 'request.connection', message: `There is no connection "${connection}".` });
  }
  if (details.length > 0) throw invalid('The action is invalid.', details);
  return { ...action, inputs };
}

function checkOutputs(action: ActionDefinition): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  action.outputs.forEach((output, index) => {
    if (seen.has(output.name)) {
      details.push({
        path: formatPath(['outputs', index, 'name']),
        message: `Another output is already named "${output.name}".`,
      });
    }
    seen.add(output.name);
    const path = parseJsonPath(output.path);
    if (!path.ok) details.push({ path: formatPath(['outputs', index, 'path']), message: path.message });
  });
  return details;
}

/** A response template must parse and name only known values. */
export function checkResponseTemplate(
  template: string,
  known: ReadonlySet<string>,
  path: PropertyKey[],
): ErrorDetail[] {
  try {
    const details: ErrorDetail[] = [];
    const visit = (nodes: ReturnType<typeof parseTemplate>) => {
      for (const node of nodes) {
        if (node.kind === 'text') continue;
        if (!known.has(node.name)) {
          details.push({ path: formatPath(path), message: `{{${node.name}}} names no output or input.` });
        }
        if (node.kind === 'if') {
          visit(node.shown);
          visit(node.otherwise);
        }
      }
    };
    visit(parseTemplate(template));
    return details;
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return [{ path: formatPath(path), message: error.message }];
    throw error;
  }
}
