import { useEffect, useRef } from 'preact/hooks';
import { useAction } from '../lib/use-action.ts';
import type { ChatMessage } from '@rs/protocol';
import { t } from '../i18n/index.ts';
import { systemLineText } from './system-lines.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * The transcript. Every name and line is untrusted input from the other party,
 * so it is rendered as text nodes only, never as markup. `self` is the side
 * whose lines are drawn on the right. With `earlier` (the server sent only
 * the recent lines), a "Show earlier messages" button runs `onShowEarlier`.
 */
export function ChatLog({
  messages,
  self,
  earlier = false,
  onShowEarlier,
}: {
  messages: readonly ChatMessage[];
  self: 'customer' | 'rep';
  earlier?: boolean;
  onShowEarlier?: () => Promise<void>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const more = useAction();
  const lastId = messages.at(-1)?.id;

  useEffect(() => {
    const element = ref.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [lastId]);

  return (
    <div ref={ref} class="chat-log" role="log" aria-label={t('common.conversation')} aria-live="polite" tabIndex={0}>
      {earlier && onShowEarlier && (
        <p class="chat-earlier">
          <button type="button" disabled={more.busy} onClick={() => void more.run(onShowEarlier)}>
            {t('common.showEarlier')}
          </button>
          {more.error && <span role="alert"> {more.error}</span>}
        </p>
      )}
      {messages.map((m) => (
        <p
          key={m.id}
          class={`chat-line chat-line--${m.author}${m.author === self ? ' chat-line--self' : ''}`}
          title={timeFormat.format(m.at)}
        >
          {m.author !== 'system' && (
            <>
              <span class="chat-author">{m.authorName}</span>
              <span class="visually-hidden">: </span>
            </>
          )}
          <span class="chat-text">{m.author === 'system' ? systemLineText(m.text) : m.text}</span>
        </p>
      ))}
    </div>
  );
}
