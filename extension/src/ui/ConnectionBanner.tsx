import type { LiveStatus } from '../lib/live.ts';
import { t } from '../i18n/index.ts';

/**
 * Says so while the live connection is down. The live region is always in the
 * page so that screen readers announce the change. Deliberately not
 * role="status": that role belongs to the session's own state line.
 */
export function ConnectionBanner({ status, everOpen }: { status: LiveStatus; everOpen: boolean }) {
  const text = status === 'connecting' ? (everOpen ? t('common.reconnecting') : t('common.connecting')) : null;
  return (
    <div class="banner-slot" aria-live="polite">
      {text && <p class="banner">{text}</p>}
    </div>
  );
}
