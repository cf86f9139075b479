import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKey } from './keyring.ts';

/**
 * Where the secrets key comes from: FRONTDESK_SECRET_KEY, else `<dataDir>/secret.key`,
 * generated (mode 0600) on first start.
 */
export async function loadOrCreateSecretKey(
  dataDir: string,
  fromEnv: string | undefined,
): Promise<{ key: string; source: 'env' | 'file' | 'generated' }> {
  if (fromEnv) return { key: fromEnv, source: 'env' };
  const file = join(dataDir, 'secret.key');
  try {
    return { key: (await readFile(file, 'utf8')).trim(), source: 'file' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true });
  const key = generateKey();
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return { key, source: 'generated' };
}
