import { useEffect, useState } from 'preact/hooks';
import { RecordingListResponseSchema, parseWith, type RecordingView } from '@rs/protocol';
import { apiCall, expectShape, type ApiTarget } from '../lib/api.ts';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';

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
      if (!response.ok) throw new Error(`The server answered HTTP ${response.status}.`);
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
        Recording {index} · {new Date(recording.startedAt).toLocaleTimeString()} · {(recording.bytes / 1e6).toFixed(1)} MB
        {recording.playable ? '' : ` · ${recording.problem ?? recording.state}`}
      </span>{' '}
      {/* Only a complete recording is offered: an empty or cut-off one would play as nothing, or stop short without saying why. */}
      {!recording.playable ? null : url ? (
        <video src={url} controls aria-label={`Recording ${index}`} onLoadedMetadata={(e) => fixDuration(e.currentTarget)} />
      ) : (
        <button type="button" onClick={() => void load()}>
          Play recording {index}
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
    <section class="recordings" aria-label="Recordings">
      <h3>Recordings</h3>
      <ul>
        {recordings.map((r, i) => (
          <Player key={r.id} target={target} recording={r} index={i + 1} />
        ))}
      </ul>
    </section>
  );
}
