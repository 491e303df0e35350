import { useEffect, useRef, useState } from 'preact/hooks';
import type { SiteSettings, WaitNotice } from '@rs/protocol';
import { fillPlaceholders } from './placeholders.ts';
import { t } from '../i18n/index.ts';
import { siteText } from './site-texts.ts';

interface QueueWaitProps {
  settings: SiteSettings | null;
  wait: WaitNotice | null;
  queuedAt: number;
  /** Opens the site's no-representative URL in the customer's browser. */
  openUrl: (url: string) => void;
}

/**
 * While queued: the site's greeting with position and estimated wait (live),
 * its hold message every interval, and the no-representative message (with
 * the site's URL opened once) when nobody is signed in or the wait is too long.
 */
export function QueueWait({ settings, wait, queuedAt, openUrl }: QueueWaitProps) {
  const [holds, setHolds] = useState<string[]>([]);
  const [waitedTooLong, setWaitedTooLong] = useState(false);
  const opened = useRef(false);
  const waitRef = useRef(wait);
  waitRef.current = wait;

  const interval = settings?.holdIntervalSeconds;
  const template = settings ? siteText(settings, 'holdMessage') : '';
  useEffect(() => {
    if (!interval || !template.trim()) return;
    const timer = setInterval(() => setHolds((h) => [...h.slice(-19), fillPlaceholders(template, waitRef.current)]), interval * 1000);
    return () => clearInterval(timer);
  }, [interval, template]);

  const maxWait = settings?.maxWaitSeconds ?? null;
  useEffect(() => {
    if (maxWait === null) return;
    const left = queuedAt + maxWait * 1000 - Date.now();
    const timer = setTimeout(() => setWaitedTooLong(true), Math.max(0, left));
    return () => clearTimeout(timer);
  }, [maxWait, queuedAt]);

  const noRep = (wait !== null && wait.repsAvailable === 0) || waitedTooLong;
  const url = settings?.noRepUrl ?? null;
  useEffect(() => {
    if (noRep && url && !opened.current) {
      opened.current = true;
      openUrl(url);
    }
  }, [noRep, url, openUrl]);

  if (!settings) return null;
  return (
    <section class="queue-wait" aria-label={t('queue.yourPlace')}>
      <p class="greeting">{fillPlaceholders(siteText(settings, 'greeting'), wait)}</p>
      {noRep && (
        <div class="no-rep" role="alert">
          <p>{siteText(settings, 'noRepMessage')}</p>
          {url && (
            <p>
              <a href={url} target="_blank" rel="noopener noreferrer">
                {url}
              </a>
            </p>
          )}
        </div>
      )}
      {holds.length > 0 && (
        <ul class="hold-messages" aria-label={t('queue.holdMessages')}>
          {holds.map((text, i) => (
            <li key={i}>{text}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
