import { decodeEntities } from './entities.ts';

// Backslash escapes are parked in the Private Use Area while markup is stripped, so "\*" stays
// a literal star instead of being read as emphasis, then restored.
const PARK = 0xe000;
const park = (s: string) =>
  s.replace(/\\([!-/:-@[-`{-~])/g, (_, c: string) => String.fromCharCode(PARK + c.charCodeAt(0)));
const unpark = (s: string) =>
  s.replace(/[\ue000-\ue07f]/g, (c) => String.fromCharCode(c.charCodeAt(0) - PARK));

/** Inline Markdown → plain text: links and images keep their text, emphasis and code marks go. */
export function stripInline(line: string): string {
  let s = park(line);
  s = s.replace(/(`+)(.+?)\1/g, (_, _ticks: string, code: string) => code.trim());
  s = s.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1');
  s = s.replace(/!\[([^\]]*)\]\[[^\]]*\]/g, '$1');
  s = s.replace(/\[\^[^\]]+\]/g, '');
  s = s.replace(/\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)/g, '$1');
  s = s.replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1');
  s = s.replace(/<((?:https?|mailto):[^>\s]+)>/gi, '$1');
  s = s.replace(/<([^>\s@]+@[^>\s]+)>/g, '$1');
  s = s.replace(/<\/?[a-zA-Z][^>]*>/g, '');
  s = s.replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2');
  s = s.replace(/(^|[^\p{L}\p{N}*])\*(?=\S)(.+?)(?<=\S)\*(?![\p{L}\p{N}*])/gu, '$1$2');
  // Underscore emphasis only at word edges, so snake_case names survive.
  s = s.replace(/(^|[^\p{L}\p{N}_])_(?=\S)(.+?)(?<=\S)_(?![\p{L}\p{N}_])/gu, '$1$2');
  s = s.replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1');
  return decodeEntities(unpark(s));
}
