import { browser } from 'wxt/browser';
import { isRecordOfStrings, readKey, removeKey, writeKey } from '../lib/storage.ts';
import { saveStoredSession, type StoredSession } from './stored-session.ts';

/**
 * A live session the web chat handed to this extension (the customer allowed
 * Elevate there): waiting for the chat to open on it. Once taken it becomes
 * the stored session, so a reload resumes it like any other chat.
 */
const KEY = 'handedOverSession';
const FIELDS = ['serverUrl', 'sessionId', 'customerToken'] as const;

export async function saveHandedOverSession(stored: StoredSession): Promise<void> {
  await writeKey('session', KEY, { ...stored });
}

async function take(value: unknown): Promise<StoredSession | null> {
  if (!isRecordOfStrings(value, FIELDS)) return null;
  const stored = { serverUrl: value.serverUrl, sessionId: value.sessionId, customerToken: value.customerToken };
  await saveStoredSession(stored);
  await removeKey('session', KEY).catch(() => {});
  return stored;
}

/** The handed-over session, if one is waiting (it is consumed). */
export async function takeHandedOverSession(): Promise<StoredSession | null> {
  return take(await readKey('session', KEY).catch(() => undefined));
}

/** Calls `listener` when a session is handed over while the chat is already open. */
export function onHandedOverSession(listener: (stored: StoredSession) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>) => {
    const value = changes[KEY]?.newValue;
    if (value !== undefined) void take(value).then((stored) => stored && listener(stored));
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
