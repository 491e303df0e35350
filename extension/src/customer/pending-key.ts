import { browser } from 'wxt/browser';
import { isRecordOfStrings, readKey, removeKey, writeKey } from '../lib/storage.ts';

/** A session key handed over by the server's public page, waiting for the customer to start the chat. */
export interface PendingKey {
  serverUrl: string;
  key: string;
}

const KEY = 'pendingSessionKey';

export async function loadPendingKey(): Promise<PendingKey | null> {
  const value = await readKey('session', KEY).catch(() => undefined);
  return isRecordOfStrings(value, ['serverUrl', 'key'] as const) ? { serverUrl: value.serverUrl, key: value.key } : null;
}

export async function savePendingKey(pending: PendingKey): Promise<void> {
  await writeKey('session', KEY, { ...pending });
}

export async function clearPendingKey(): Promise<void> {
  await removeKey('session', KEY).catch(() => {});
}

/** Calls `listener` whenever a new key is handed over while the chat is already open. */
export function onPendingKey(listener: (pending: PendingKey) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>) => {
    const value = changes[KEY]?.newValue;
    if (isRecordOfStrings(value, ['serverUrl', 'key'] as const)) listener({ serverUrl: value.serverUrl, key: value.key });
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
