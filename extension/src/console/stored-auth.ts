import { RepSchema, parseWith, type Rep } from '@rs/protocol';
import { isRecordOfStrings, readKey, removeKey, writeKey } from '../lib/storage.ts';

/** A signed-in representative, kept in local storage so that a reload stays signed in. */
export interface StoredAuth {
  serverUrl: string;
  token: string;
  rep: Rep;
}

const KEY = 'repAuth';

export async function loadStoredAuth(): Promise<StoredAuth | null> {
  const value = await readKey('local', KEY).catch(() => undefined);
  if (!isRecordOfStrings(value, ['serverUrl', 'token'] as const)) return null;
  const rep = parseWith(RepSchema, (value as { rep?: unknown }).rep);
  if (!rep.ok) return null;
  return { serverUrl: value.serverUrl, token: value.token, rep: rep.value };
}

export async function saveStoredAuth(auth: StoredAuth): Promise<void> {
  await writeKey('local', KEY, { serverUrl: auth.serverUrl, token: auth.token, rep: auth.rep });
}

export async function clearStoredAuth(): Promise<void> {
  await removeKey('local', KEY).catch(() => {});
}
