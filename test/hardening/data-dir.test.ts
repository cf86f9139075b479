import { chmod, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

async function looseModes(dir: string): Promise<string[]> {
  const found: string[] = [];
  const self = (await stat(dir)).mode & 0o777;
  if (self !== 0o700) found.push(`${dir} ${self.toString(8)}`);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await looseModes(path)));
    else if (entry.isFile()) {
      const mode = (await stat(path)).mode & 0o777;
      if (mode !== 0o600) found.push(`${path} ${mode.toString(8)}`);
    }
  }
  return found;
}

describe('the data folder is readable by its owner only', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('holds 0700 folders and 0600 files after the first start (embedded database and key files included)', async () => {
    const dir = t.env['FRONTDESK_DATA_DIR']!;
    const names = await readdir(dir);
    expect(names).toEqual(expect.arrayContaining(['pgdata', 'secret.key', 'admin-key']));
    expect(await looseModes(dir)).toEqual([]);
  });

  it('tightens files left readable by an older version on the next start', async () => {
    const dir = t.env['FRONTDESK_DATA_DIR']!;
    await chmod(dir, 0o755);
    await chmod(join(dir, 'secret.key'), 0o644);
    await writeFile(join(dir, 'pgdata', 'stray.txt'), 'x', { mode: 0o644 });
    await chmod(join(dir, 'pgdata', 'stray.txt'), 0o644);
    await t.restart();
    expect(await looseModes(dir)).toEqual([]);
  });
});
