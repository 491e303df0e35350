import type { ChatMessage } from '@rs/protocol';

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
