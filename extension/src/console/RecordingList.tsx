import { useEffect, useState } from 'preact/hooks';
import { RecordingListResponseSchema, parseWith, type RecordingView } from '@rs/protocol';
import { apiCall, expectShape, type ApiTarget } from '../lib/api.ts';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';
import { currentLanguage, t } from '../i18n/index.ts';
import { ProtocolError } from '@rs/protocol';

interface RecordingListProps {
  target: ApiTarget & { token: string };
  sessionId: string;
  /** Bumped by the parent to reload the list (a recording started or stopped). */
  version: number;
}

/** A recording fetched with the rep's token and played from memory; a MediaRecorder file gets its real duration by a seek to the end. */
function Player({ target, recording, index }: { target: ApiTarget & { token: string }; recording: RecordingView; index: number }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);

  async function load(): Promise<void> {
    setError(null);
    try {
      const response = await fetch(`${target.serverUrl}/api/recordings/${encodeURIComponent(recording.id)}/media`, {
        headers: { authorization: `Bearer ${target.token}` },
        credentials: 'omit',
      });
      if (!response.ok) throw new ProtocolError(response.status === 404 ? 'not_found' : response.status === 401 ? 'unauthorized' : 'internal', `HTTP ${response.status}`);
      setUrl(URL.createObjectURL(await response.blob()));
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  function fixDuration(video: HTMLVideoElement): void {
    if (video.duration !== Infinity) return;
    video.addEventListener('durationchange', () => (video.currentTime = 0), { once: true });
    video.currentTime = Number.MAX_SAFE_INTEGER;
  }

  return (
    <li>
      <span>
        {t('recordings.line', { n: index, time: new Date(recording.startedAt).toLocaleTimeString(currentLanguage()), mb: (recording.bytes / 1e6).toFixed(1) })}
        {recording.playable ? '' : ` · ${recording.problem ?? recording.state}`}
      </span>{' '}
      {/* Only a complete recording is offered: an empty or cut-off one would play as nothing, or stop short without saying why. */}
      {!recording.playable ? null : url ? (
        <video src={url} controls aria-label={t('recordings.name', { n: index })} onLoadedMetadata={(e) => fixDuration(e.currentTarget)} />
      ) : (
        <button type="button" onClick={() => void load()}>
          {t('recordings.play', { n: index })}
        </button>
      )}
      {error && <Alert>{error}</Alert>}
    </li>
  );
}

/** The session's screen recordings, for playback in the console (part of the session's history). */
export function RecordingList({ target, sessionId, version }: RecordingListProps) {
  const [recordings, setRecordings] = useState<RecordingView[]>([]);
  const { serverUrl, token } = target;

  useEffect(() => {
    const path = `/api/sessions/${encodeURIComponent(sessionId)}/recordings`;
    let live = true;
    void apiCall({ serverUrl, token }, 'GET', path)
      .then((raw) => live && setRecordings(expectShape(parseWith(RecordingListResponseSchema, raw)).recordings))
      .catch(() => {});
    return () => void (live = false);
  }, [serverUrl, token, sessionId, version]);

  if (recordings.length === 0) return null;
  return (
    <section class="recordings" aria-label={t('recordings.region')}>
      <h3>{t('recordings.region')}</h3>
      <ul>
        {recordings.map((r, i) => (
          <Player key={r.id} target={target} recording={r} index={i + 1} />
        ))}
      </ul>
    </section>
  );
}
