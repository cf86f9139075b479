import jsonLogic from 'json-logic-js';
import type { ErrorDetail } from '../shared/errors.ts';

/**
 * Routing rules (E7): JsonLogic conditions over the contact and the conversation decide
 * who takes a new conversation. Conditions are checked when saved: only the operators
 * below and only the variables below, so a typo is a 422 naming its path instead of a
 * rule that silently never matches. Pure.
 */
export interface RoutingFacts {
  contact: {
    email?: string | null;
    /** Lower-cased domain of the email, derived. */
    emailDomain?: string | null;
    name?: string | null;
    phone?: string | null;
    externalId?: string | null;
    tier?: string | null;
    language?: string | null;
    verified?: boolean;
    properties?: Record<string, unknown>;
  };
  conversation: {
    /** The channel type: api, livechat, custom, email, … */
    channel: string;
    channelId?: string | null;
    channelName?: string | null;
    language?: string | null;
    /** livechat: the page the widget was opened on, and its host (derived). */
    pageUrl?: string | null;
    pageHost?: string | null;
    /** The router's topic (skill key) for the first message, when known. */
    topic?: string | null;
    text?: string | null;
    properties?: Record<string, unknown>;
  };
}

export const RULE_VARIABLES = [
  'contact.email',
  'contact.emailDomain',
  'contact.name',
  'contact.phone',
  'contact.externalId',
  'contact.tier',
  'contact.language',
  'contact.verified',
  'conversation.channel',
  'conversation.channelId',
  'conversation.channelName',
  'conversation.language',
  'conversation.pageUrl',
  'conversation.pageHost',
  'conversation.topic',
  'conversation.text',
] as const;
const PROPERTY_VARIABLE = /^(contact|conversation)\.properties\.[A-Za-z0-9_-]{1,64}$/;

// Array operators (map, filter, some, …) rebind `var` to the element and `log` prints: left out.
const OPERATORS = new Set([
  'var',
  'missing',
  'missing_some',
  'if',
  '==',
  '===',
  '!=',
  '!==',
  '!',
  '!!',
  'or',
  'and',
  '>',
  '>=',
  '<',
  '<=',
  'in',
  'cat',
  'substr',
  'starts_with',
  'ends_with',
  'lower',
]);

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
jsonLogic.add_operation('starts_with', (a: unknown, b: unknown) => str(a).startsWith(str(b)));
jsonLogic.add_operation('ends_with', (a: unknown, b: unknown) => str(a).endsWith(str(b)));
jsonLogic.add_operation('lower', (a: unknown) => str(a).toLowerCase());

const isVariable = (name: unknown) =>
  typeof name === 'string' &&
  ((RULE_VARIABLES as readonly string[]).includes(name) || PROPERTY_VARIABLE.test(name));

/** Problems of a condition, each with its path under `base`; empty when it is valid. */
export function conditionProblems(condition: unknown, base = 'condition'): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  if (condition === null || (typeof condition !== 'object' && typeof condition !== 'boolean')) {
    return [
      {
        path: base,
        message: 'must be a JsonLogic object such as {"==": [{"var": "contact.tier"}, "vip"]}, or true',
      },
    ];
  }
  walk(condition, base, details);
  return details;
}

function walk(node: unknown, path: string, details: ErrorDetail[]): void {
  if (Array.isArray(node)) {
    for (const [i, n] of node.entries()) walk(n, `${path}[${i}]`, details);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const keys = Object.keys(node);
  if (keys.length !== 1) {
    details.push({ path, message: `an operation has exactly one operator, found ${keys.length}` });
    return;
  }
  const op = keys[0]!;
  const args = (node as Record<string, unknown>)[op];
  const at = `${path}.${op}`;
  if (!OPERATORS.has(op)) {
    details.push({ path: at, message: `unknown operator "${op}"; use one of ${[...OPERATORS].join(' ')}` });
    return;
  }
  if (op === 'var') {
    const name = Array.isArray(args) ? args[0] : args;
    if (!isVariable(name)) {
      details.push({
        path: at,
        message: `unknown variable ${JSON.stringify(name)}; use ${RULE_VARIABLES.join(', ')} or contact.properties.<name>, conversation.properties.<name>`,
      });
    }
    return;
  }
  if (op === 'missing' || op === 'missing_some') {
    const names = op === 'missing' ? args : Array.isArray(args) ? args[1] : undefined;
    const list = Array.isArray(names) ? names : [names];
    list.forEach((n, i) => {
      if (!isVariable(n))
        details.push({ path: `${at}[${i}]`, message: `unknown variable ${JSON.stringify(n)}` });
    });
    return;
  }
  walk(args, at, details);
}

/** Whether the condition holds for these facts; a condition that throws does not match. */
export function matches(condition: unknown, facts: RoutingFacts): boolean {
  try {
    return jsonLogic.truthy(jsonLogic.apply(condition as jsonLogic.RulesLogic, facts as unknown as object));
  } catch {
    return false;
  }
}

/** Completes the derived facts (email domain, page host) and lower-cases the email. */
export function completeFacts(f: RoutingFacts): RoutingFacts {
  const email = f.contact.email?.trim().toLowerCase() || null;
  let pageHost = f.conversation.pageHost ?? null;
  if (!pageHost && f.conversation.pageUrl && URL.canParse(f.conversation.pageUrl)) {
    pageHost = new URL(f.conversation.pageUrl).hostname;
  }
  return {
    contact: { ...f.contact, email, emailDomain: f.contact.emailDomain ?? email?.split('@')[1] ?? null },
    conversation: { ...f.conversation, pageHost },
  };
}
