import { isRecordOfStrings, readKey, removeKey, writeKey } from '../lib/storage.ts';

import type { StoredSession } from './platform.ts';

/** What a reload needs to resume the same chat. Kept in session storage: it dies with the browser. */
export type { StoredSession };

const KEY = 'customerSession';
const FIELDS = ['serverUrl', 'sessionId', 'customerToken'] as const;

export async function loadStoredSession(): Promise<StoredSession | null> {
  const value = await readKey('session', KEY).catch(() => undefined);
  if (!isRecordOfStrings(value, FIELDS)) return null;
  return { serverUrl: value.serverUrl, sessionId: value.sessionId, customerToken: value.customerToken };
}

export async function saveStoredSession(stored: StoredSession): Promise<void> {
  await writeKey('session', KEY, { ...stored });
}

export async function clearStoredSession(): Promise<void> {
  await removeKey('session', KEY).catch(() => {});
}
