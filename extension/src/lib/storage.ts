import { browser } from 'wxt/browser';
import { DEFAULT_SERVER_URL, SERVER_URL_KEY, normalizeServerUrl } from './server-url.ts';

/**
 * `session` storage lives as long as the browser and is not written to disk;
 * where a browser lacks it, `local` stands in.
 */
export type StorageAreaName = 'local' | 'session';

interface Area {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

function area(name: StorageAreaName): Area {
  const storage = browser.storage as unknown as Partial<Record<StorageAreaName, Area>>;
  const chosen = storage[name] ?? storage.local;
  if (!chosen) throw new Error('extension storage is not available');
  return chosen;
}

export async function readKey(name: StorageAreaName, key: string): Promise<unknown> {
  return (await area(name).get(key))[key];
}

export async function writeKey(name: StorageAreaName, key: string, value: unknown): Promise<void> {
  await area(name).set({ [key]: value });
}

export async function removeKey(name: StorageAreaName, key: string): Promise<void> {
  await area(name).remove(key);
}

/** The server URL the user chose, or the one baked into the build. */
export async function loadServerUrl(): Promise<string> {
  const stored = await readKey('local', SERVER_URL_KEY).catch(() => undefined);
  return (typeof stored === 'string' && normalizeServerUrl(stored)) || DEFAULT_SERVER_URL;
}

export async function saveServerUrl(url: string): Promise<void> {
  await writeKey('local', SERVER_URL_KEY, url);
}

/** Narrowing helper for values read back from storage (another version of the extension may have written them). */
export function isRecordOfStrings<K extends string>(value: unknown, keys: readonly K[]): value is Record<K, string> {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return keys.every((k) => typeof record[k] === 'string' && record[k] !== '');
}
