import { join } from 'node:path';
import { loadConfig } from '../../config/config.ts';
import { openDatabase } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';

export async function migrateCommand(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pgdata') });
  try {
    const applied = await migrateToLatest(database.db as never);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Migrations are current.\n');
  } finally {
    await database.close();
  }
}
