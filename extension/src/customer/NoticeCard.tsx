import { useId } from 'preact/hooks';
import type { Notice } from '@rs/protocol';
import { t } from '../i18n/index.ts';

interface NoticeCardProps {
  notice: Notice;
  onContinue: () => void;
  onLeave: () => void;
  busy?: boolean;
}

/** A customer notice (a known issue): the customer can go on, or leave, in which case no survey follows. */
export function NoticeCard({ notice, onContinue, onLeave, busy = false }: NoticeCardProps) {
  const titleId = useId();
  return (
    <section class="panel notice" role="alertdialog" aria-labelledby={titleId}>
      <h2 id={titleId}>{notice.title}</h2>
      <p class="notice-text">{notice.text}</p>
      <div class="row">
        <button type="button" class="primary" onClick={onContinue} disabled={busy}>
          {t('common.continue')}
        </button>
        <button type="button" onClick={onLeave} disabled={busy}>
          {t('common.leave')}
        </button>
      </div>
    </section>
  );
}
