import { CHAT_HISTORY_MAX, type ChatMessage } from '@rs/protocol';
import type { LiveClient } from './live.ts';

/**
 * Adds a transcript line, in `seq` order, ignoring one already present (the
 * sender sees its own line twice: in the reply and in the `chat` notice).
 */
export function mergeMessage(messages: readonly ChatMessage[], message: ChatMessage): ChatMessage[] {
  if (messages.some((m) => m.id === message.id)) return messages as ChatMessage[];
  const next = [...messages, message];
  next.sort((a, b) => a.seq - b.seq);
  return next;
}

/** Adds older lines (a `chat.history` page) in front, in `seq` order, ignoring any already present. */
export function mergeEarlier(messages: readonly ChatMessage[], older: readonly ChatMessage[]): ChatMessage[] {
  const have = new Set(messages.map((m) => m.id));
  return [...older.filter((m) => !have.has(m.id)), ...messages].sort((a, b) => a.seq - b.seq);
}

/** The page of lines before the oldest one shown ("Show earlier messages"), and whether there are still older ones. */
export async function loadEarlier(client: LiveClient, sessionId: string, messages: readonly ChatMessage[]): Promise<{ messages: ChatMessage[]; earlier: boolean }> {
  const oldest = messages[0]?.seq;
  if (oldest === undefined || oldest <= 1) return { messages: messages.slice(), earlier: false };
  const reply = await client.request({ type: 'chat.history', sessionId, beforeSeq: oldest, limit: CHAT_HISTORY_MAX });
  return { messages: mergeEarlier(messages, reply.messages ?? []), earlier: reply.earlier ?? false };
}
