import type { ActionDefinitionInput, HttpMethod } from '../../../src/actions/definition/schema.ts';
import { ApiError } from '../api.ts';
import type { Action } from '../types.ts';
import type { InputDraft, Row } from './editor-parts.tsx';

/** The action as the editor holds it: the definition with the API part in editable pieces. */
export interface ActionDraft {
  key: string;
  keyTouched: boolean;
  name: string;
  description: string;
  triggers: string[];
  kind: 'read' | 'write';
  inputs: InputDraft[];
  method: HttpMethod;
  url: string;
  connection: string;
  query: Row[];
  headers: Row[];
  bodyText: string;
  outputs: Array<{ name: string; path: string; description: string }>;
  responseInstructions: string;
  responseTemplate: string;
  requiresVerifiedIdentity: boolean;
}

export const emptyDraft = (): ActionDraft => ({
  key: '',
  keyTouched: false,
  name: '',
  description: '',
  triggers: [''],
  kind: 'read',
  inputs: [],
  method: 'GET',
  url: 'https://',
  connection: '',
  query: [],
  headers: [],
  bodyText: '',
  outputs: [],
  responseInstructions: '',
  responseTemplate: '',
  requiresVerifiedIdentity: false,
});

export const keyFromName = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 64);

export function draftFrom(a: Action): ActionDraft {
  return {
    key: a.key,
    keyTouched: true,
    name: a.name,
    description: a.description,
    triggers: [...a.triggers],
    kind: a.kind,
    inputs: a.inputs.map((i) => ({ ...i }) as InputDraft),
    method: a.request.method,
    url: a.request.url,
    connection: a.request.connection ?? '',
    query: Object.entries(a.request.query),
    headers: Object.entries(a.request.headers),
    bodyText: a.request.body === undefined ? '' : JSON.stringify(a.request.body, null, 2),
    outputs: a.outputs.map((o) => ({ ...o })),
    responseInstructions: a.responseInstructions,
    responseTemplate: a.responseTemplate ?? '',
    requiresVerifiedIdentity: a.requiresVerifiedIdentity,
  };
}

/** The definition the API takes; a body that is not JSON is reported at `request.body`. */
export function definitionOf(d: ActionDraft): ActionDefinitionInput {
  let body: unknown;
  if (d.bodyText.trim()) {
    try {
      body = JSON.parse(d.bodyText);
    } catch (e) {
      throw new ApiError(422, 'invalid', 'The JSON body is not valid JSON.', [
        { path: 'request.body', message: `Not valid JSON: ${(e as Error).message}` },
      ]);
    }
  }
  const inputs = d.inputs.map(({ format, items, ...rest }) => ({
    ...rest,
    ...(format ? { format } : {}),
    ...(rest.type === 'array' ? { items: items ?? 'string' } : {}),
  })) as ActionDefinitionInput['inputs'];
  return {
    key: d.key,
    name: d.name,
    description: d.description,
    triggers: d.triggers.filter((t) => t.trim() !== ''),
    kind: d.kind,
    inputs,
    request: {
      method: d.method,
      url: d.url,
      query: Object.fromEntries(d.query.filter(([k]) => k)),
      headers: Object.fromEntries(d.headers.filter(([k]) => k)),
      ...(body !== undefined ? { body: body as never } : {}),
      ...(d.connection ? { connection: d.connection } : {}),
    },
    outputs: d.outputs,
    responseInstructions: d.responseInstructions,
    ...(d.responseTemplate.trim() ? { responseTemplate: d.responseTemplate } : {}),
    requiresVerifiedIdentity: d.requiresVerifiedIdentity,
  };
}

/** A unique output name for a picked field. */
export function outputName(wanted: string, taken: string[]): string {
  let base = wanted.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z]+/, '') || 'value';
  base = base.slice(0, 60);
  let name = base;
  for (let i = 2; taken.includes(name); i++) name = `${base}_${i}`;
  return name;
}
