import { useId, useState } from 'preact/hooks';
import { formatSessionKey, type PublicSiteResponse, type SessionView } from '@rs/protocol';
import { startSession } from '../lib/click-to-chat-api.ts';
import { redeemSessionKey } from '../lib/workflow-api.ts';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';
import { ConnectionSettings } from './ConnectionSettings.tsx';
import { NoticeCard } from './NoticeCard.tsx';
import type { CustomerPlatform, StoredSession } from './platform.ts';
import type { PublicSiteState } from './use-public-site.ts';
import { t } from '../i18n/index.ts';

interface StartScreenProps {
  platform: CustomerPlatform;
  serverUrl: string;
  onServerUrlChange: (url: string) => void;
  site: PublicSiteState;
  onStarted: (stored: StoredSession, session: SessionView) => void;
  /** A line to show above the form, e.g. why an earlier chat could not be resumed. */
  notice?: string | null;
  /** A session key from the representative (an emailed link): the chat goes straight to that representative. */
  sessionKey?: string | null;
}

type Step =
  | { kind: 'name' }
  | { kind: 'agreement'; config: PublicSiteResponse }
  | { kind: 'recording'; config: PublicSiteResponse }
  | { kind: 'notice'; config: PublicSiteResponse; index: number }
  | { kind: 'declined' }
  | { kind: 'left' };

/**
 * Before the queue: the customer's name, then the site's customer agreement,
 * the recording prompt and any active notices, each only when the site has it.
 * Declining or leaving here creates no session at all. With a session key (an
 * emailed link) the same steps end by redeeming the key instead.
 */
export function StartScreen({ platform, serverUrl, onServerUrlChange, site, onStarted, notice, sessionKey = null }: StartScreenProps) {
  const nameId = useId();
  const keyId = useId();
  const [key, setKey] = useState(sessionKey ? formatSessionKey(sessionKey) : '');
  const [name, setName] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'name' });
  const [recording, setRecording] = useState<boolean | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const settings = site.site?.site.settings;
  const unavailable = settings && !settings.chatEnabled;
  const fullClientOnly = settings && platform.kind === 'web' && settings.startMode === 'full';

  async function create(config: PublicSiteResponse, recordingAllowed: boolean | undefined): Promise<void> {
    setBusy(true);
    setError(null);
    // Asked now, while the click still counts as the customer's own gesture; not awaited, the prompt may stay open.
    void platform.askForNotifications().catch(() => {});
    try {
      const created = key.trim()
        ? await redeemSessionKey({ serverUrl }, key, name, recordingAllowed)
        : await startSession(
            { serverUrl },
            {
              customerName: name,
              sitePath: platform.sitePath,
              ...(config.site.settings.agreementText.trim() ? { agreementAccepted: true } : {}),
              ...(recordingAllowed === undefined ? {} : { recordingAllowed }),
            },
          );
      const stored = { serverUrl, sessionId: created.session.id, customerToken: created.customerToken };
      await platform.saveSession(stored);
      onStarted(stored, created.session);
    } catch (e) {
      setError(errorMessage(e, key.trim() ? { not_found: t('errors.sessionKeyInvalid'), invalid_state: t('errors.sessionKeyUsed') } : {}));
      setBusy(false);
      setStep({ kind: 'name' });
    }
  }

  /** Moves past `from` to the next step this site has, or starts the session. */
  function next(config: PublicSiteResponse, from: Step['kind'], index = -1, recordingAllowed = recording): void {
    const s = config.site.settings;
    if (from === 'name' && s.agreementText.trim()) return setStep({ kind: 'agreement', config });
    if ((from === 'name' || from === 'agreement') && s.recordingPrompt) return setStep({ kind: 'recording', config });
    const nextNotice = index + 1;
    if (nextNotice < config.notices.length) return setStep({ kind: 'notice', config, index: nextNotice });
    void create(config, recordingAllowed);
  }

  async function submitName(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    if (!name.trim()) return setError(t('customer.enterName'));
    setError(null);
    let config: PublicSiteResponse;
    try {
      config = await site.reload();
    } catch (e) {
      return setError(errorMessage(e));
    }
    if (!config.site.settings.chatEnabled) return;
    next(config, 'name');
  }

  function chooseRecording(config: PublicSiteResponse, allowed: boolean): void {
    setRecording(allowed);
    next(config, 'recording', -1, allowed);
  }

  return (
    <main class="page page--narrow">
      <h1>{t('customer.title')}</h1>
      {notice && <p class="hint">{notice}</p>}
      {unavailable ? (
        <p role="status" class="status status--ended">{t('customer.unavailable')}</p>
      ) : fullClientOnly ? (
        <p role="status" class="status">
          {t('customer.fullClientOnly')}
        </p>
      ) : step.kind === 'agreement' ? (
        <section class="panel stack" aria-label={t('customer.agreement')}>
          <h2>{t('customer.agreement')}</h2>
          <p class="agreement-text">{step.config.site.settings.agreementText}</p>
          <div class="row">
            <button type="button" class="primary" onClick={() => next(step.config, 'agreement')}>
              {t('common.accept')}
            </button>
            <button type="button" onClick={() => setStep({ kind: 'declined' })}>
              {t('common.decline')}
            </button>
          </div>
        </section>
      ) : step.kind === 'recording' ? (
        <section class="panel stack" aria-label={t('customer.recording')}>
          <h2>{t('customer.recording')}</h2>
          <p>{t('customer.recordingQuestion')}</p>
          <div class="row">
            <button type="button" class="primary" disabled={busy} onClick={() => chooseRecording(step.config, true)}>
              {t('customer.allowRecording')}
            </button>
            <button type="button" disabled={busy} onClick={() => chooseRecording(step.config, false)}>
              {t('customer.refuseRecording')}
            </button>
          </div>
        </section>
      ) : step.kind === 'notice' ? (
        <NoticeCard
          notice={step.config.notices[step.index]!}
          busy={busy}
          onContinue={() => next(step.config, 'notice', step.index)}
          onLeave={() => setStep({ kind: 'left' })}
        />
      ) : step.kind === 'declined' || step.kind === 'left' ? (
        <>
          <p role="status" class="status status--ended">
            {step.kind === 'declined'
              ? t('customer.declined')
              : t('customer.leftBeforeStart')}
          </p>
          <button type="button" onClick={() => setStep({ kind: 'name' })}>
            {t('customer.startOver')}
          </button>
        </>
      ) : (
        <>
          {sessionKey ? (
            <p>{t('customer.keyFilledIn')}</p>
          ) : (
            <p>{t('customer.intro')}</p>
          )}
          <form class="stack" noValidate onSubmit={(e) => void submitName(e)}>
            <label for={nameId}>{t('customer.yourName')}</label>
            <input id={nameId} type="text" value={name} maxLength={80} autocomplete="name" onInput={(e) => setName(e.currentTarget.value)} />
            <label for={keyId}>{t('customer.sessionKeyOptional')}</label>
            <input id={keyId} type="text" inputMode="numeric" value={key} maxLength={20} autocomplete="off" onInput={(e) => setKey(e.currentTarget.value)} />
            <button type="submit" class="primary" disabled={busy}>
              {t('customer.startChat')}
            </button>
          </form>
        </>
      )}
      {error && <Alert>{error}</Alert>}
      {platform.saveServerUrl && <ConnectionSettings serverUrl={serverUrl} onSaved={onServerUrlChange} save={platform.saveServerUrl} />}
    </main>
  );
}
