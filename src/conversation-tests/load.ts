import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { formatPath, invalid } from '../shared/errors.ts';
import { type TestFile, testFileSchema } from './format.ts';

/** A validated test file with the config resources its setup applies, read from disk. */
export interface LoadedTestFile {
  source: string;
  spec: TestFile;
  resources: unknown[];
}

/** Parses and validates a test file's text; a bad file is an error with the path of every problem. */
export function parseTestFile(text: string, source: string): TestFile {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) throw invalid(`${source}: ${doc.errors[0]!.message}`);
  const parsed = testFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    throw invalid(
      `${source} is not a valid conversation test file.`,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  return parsed.data;
}

export async function loadTestFile(path: string): Promise<LoadedTestFile> {
  const spec = parseTestFile(await readFile(path, 'utf8'), path);
  const resources: unknown[] = [];
  for (const file of spec.setup?.apply ?? []) {
    resources.push(...(await readConfigResources(resolve(dirname(path), file))));
  }
  return { source: path, spec, resources };
}

/** Config-as-code resources in a YAML file: several documents, a list, or `{resources: [...]}`. */
async function readConfigResources(file: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(await readFile(file, 'utf8'))) {
    if (doc.errors.length) throw invalid(`${file}: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as unknown;
    if (value == null) continue;
    const list = (value as { resources?: unknown }).resources;
    if (Array.isArray(value)) out.push(...value);
    else if (Array.isArray(list)) out.push(...list);
    else out.push(value);
  }
  return out;
}
