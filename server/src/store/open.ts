import type { Config } from '../config.ts';
import { PgStore, redactUrl } from './pg.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

/** The configured backend: PostgreSQL when DATABASE_URL is set, else the SQLite file; and a line saying which. */
export async function openStore(config: Pick<Config, 'databaseFile' | 'databaseUrl' | 'databasePoolSize'>): Promise<{ store: Store; description: string }> {
  if (config.databaseUrl)
    return { store: await PgStore.open(config.databaseUrl, { max: config.databasePoolSize }), description: `PostgreSQL ${redactUrl(config.databaseUrl)}` };
  return { store: new SqliteStore(config.databaseFile), description: `SQLite ${config.databaseFile}` };
}
