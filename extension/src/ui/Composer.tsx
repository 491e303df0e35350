import { useEffect, useId, useState } from 'preact/hooks';
import { CHAT_TEXT_MAX } from '@rs/protocol';
import { errorMessage } from '../lib/errors.ts';
import { t } from '../i18n/index.ts';

interface ComposerProps {
  /** Resolves once the server has stored the line; the text is cleared only then. */
  onSend: (text: string) => Promise<void>;
  disabled?: boolean;
  /** Text to start with (a saved draft), and where each change goes (to save it). */
  initialText?: string;
  onTextChange?: (text: string) => void;
}

/** Message box: Enter sends, Shift+Enter starts a new line; a failed send keeps the text and shows why. */
export function Composer({ onSend, disabled = false, initialText = '', onTextChange }: ComposerProps) {
  const id = useId();
  const [text, setText] = useState(initialText);
  useEffect(() => onTextChange?.(text), [text]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(): Promise<void> {
    if (sending || disabled || !text.trim()) return;
    const sent = text;
    setSending(true);
    setError(null);
    try {
      await onSend(sent);
      // Keep anything typed while the line was on its way.
      setText((current) => (current === sent ? '' : current));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label class="visually-hidden" for={id}>
        {t('common.message')}
      </label>
      <textarea
        id={id}
        rows={2}
        maxLength={CHAT_TEXT_MAX}
        placeholder={disabled ? '' : t('common.typeMessage')}
        value={text}
        disabled={disabled}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <button type="submit" class="primary" disabled={disabled || sending}>
        {t('common.send')}
      </button>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </form>
  );
}
