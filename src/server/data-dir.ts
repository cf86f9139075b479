import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The data folder holds the embedded database, the secrets key and the first admin key:
 * only its owner may read it (0700 folders, 0600 files). New files get that mode from the
 * process umask; files from an older version (or a copy) are tightened on every start.
 */
export async function prepareDataDir(dir: string): Promise<void> {
  restrictUmask();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

/** Walks the folder (symlinks are left alone) and sets 0700 on folders, 0600 on files. */
export async function tightenDataDir(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await chmod(path, 0o700);
      await tightenDataDir(path);
    } else if (entry.isFile()) {
      const { mode } = await lstat(path);
      if ((mode & 0o077) !== 0) await chmod(path, 0o600);
    }
  }
}

// Files PGlite and the key files create from now on are private to the owner. Worker
// threads cannot change the umask; there the walk above still tightens what exists.
function restrictUmask(): void {
  try {
    process.umask(process.umask() | 0o077);
  } catch {}
}
