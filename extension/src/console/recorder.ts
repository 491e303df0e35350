import { StartRecordingResponseSchema, parseWith, type FinishRecordingRequest, type RecordingView } from '@rs/protocol';
import { apiCall, expectShape, type ApiTarget } from '../lib/api.ts';

const CHUNK_MS = 1000;
const RETRIES = 3;
/** How long ending, holding or transferring a session, or signing out, waits for recordings to finish uploading. */
export const FLUSH_TIMEOUT_MS = 15_000;

export function recordingMimeType(): string {
  for (const type of ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm']) if (MediaRecorder.isTypeSupported(type)) return type;
  return 'video/webm';
}

/** Recorders that have not finished uploading, so leaving a session or signing out can wait for their last part. */
const active = new Set<ChunkedRecorder>();

/**
 * Stops the recordings of `sessionId` (every recording without one) and waits,
 * at most `timeoutMs`, until their last part is uploaded and the server has
 * marked them finished. Call it before the session is ended, held or
 * transferred and before signing out: afterwards the uploads could be refused.
 */
export async function flushRecordings(sessionId?: string, timeoutMs = FLUSH_TIMEOUT_MS): Promise<void> {
  const stopping = [...active].filter((r) => sessionId === undefined || r.sessionId === sessionId).map((r) => r.stop());
  if (stopping.length === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([Promise.all(stopping), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Records a received screen with MediaRecorder (WebM) and uploads it one
 * chunk a second, in order, while the session runs: whatever was uploaded is
 * on the server even if the console closes mid-session. MediaRecorder starts
 * at once, while the server creates the recording, so a short share is
 * recorded too. `stop()` takes the last chunk (MediaRecorder hands it over
 * before its `stop` event), uploads it, and only then finishes the recording
 * with its chunk count: the server calls a recording complete only when that
 * count arrived. The server refuses to start one when the customer did not
 * allow recording.
 */
export class ChunkedRecorder {
  readonly sessionId: string;
  /** The server's recording; rejects when the server refused to start it. */
  readonly created: Promise<RecordingView>;
  readonly #target: ApiTarget & { token: string };
  readonly #recorder: MediaRecorder;
  /** Resolves on MediaRecorder's `stop` (or `error`), after its last `dataavailable`. */
  readonly #ended: Promise<void>;
  /** Resolves at the first non-empty part (or the end): a recorder stopped before it has one hands over nothing. */
  readonly #firstData: Promise<void>;
  #uploads: Promise<void> = Promise.resolve();
  #seq = 0;
  #stopped: Promise<void> | null = null;
  /** Set once an upload failed for good; later chunks are dropped (a gap would be refused anyway). */
  failure: Error | null = null;

  private constructor(target: ApiTarget & { token: string }, sessionId: string, recorder: MediaRecorder, created: Promise<RecordingView>) {
    this.#target = target;
    this.sessionId = sessionId;
    this.#recorder = recorder;
    this.created = created;
    created.catch((error: unknown) => this.#fail(error));
    this.#ended = new Promise((resolve) => {
      recorder.addEventListener('stop', () => resolve(), { once: true });
      recorder.addEventListener('error', () => resolve(), { once: true });
    });
    let firstData = () => {};
    this.#firstData = new Promise((resolve) => (firstData = resolve));
    void this.#ended.then(firstData);
    recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size === 0) return;
      firstData();
      this.#enqueue(event.data);
    });
  }

  /** Starts recording `stream` now; throws only when this browser cannot record it. */
  static start(target: ApiTarget & { token: string }, sessionId: string, stream: MediaStream): ChunkedRecorder {
    const mimeType = recordingMimeType();
    const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 4_000_000 });
    const created = apiCall(target, 'POST', `/api/sessions/${encodeURIComponent(sessionId)}/recordings`, { mimeType }).then(
      (raw) => expectShape(parseWith(StartRecordingResponseSchema, raw)).recording,
    );
    const chunked = new ChunkedRecorder(target, sessionId, recorder, created);
    recorder.start(CHUNK_MS);
    active.add(chunked);
    return chunked;
  }

  /** Stops recording, uploads what is left, and finishes the recording with its chunk count. Idempotent. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      try {
        // Chromium's encoder hands over nothing for a share stopped within its first part (seen with Chromium 156):
        // a session ended right after the first frame waits for that part, at most a little over one chunk.
        if (this.#recorder.state !== 'inactive' && this.#seq === 0) await Promise.race([this.#firstData, delay(CHUNK_MS + 500)]);
        if (this.#recorder.state !== 'inactive') this.#recorder.stop();
        await this.#ended;
        await this.#uploads;
        const recording = await this.created.catch(() => null);
        if (!recording || this.failure) return;
        await this.#finish(recording.id, { chunks: this.#seq });
      } finally {
        active.delete(this);
      }
    })();
    return this.#stopped;
  }

  async #finish(id: string, body: FinishRecordingRequest): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await apiCall(this.#target, 'POST', `/api/recordings/${encodeURIComponent(id)}/finish`, body);
        return;
      } catch (error) {
        // The server lists it as incomplete with the reason; the console says so too.
        if (attempt >= RETRIES) return this.#fail(error);
        await delay(300 * attempt);
      }
    }
  }

  #fail(error: unknown): void {
    this.failure ??= error instanceof Error ? error : new Error(String(error));
  }

  #enqueue(blob: Blob): void {
    const seq = this.#seq++;
    this.#uploads = this.#uploads.then(async () => {
      const recording = await this.created.catch(() => null);
      if (!recording || this.failure) return;
      for (let attempt = 1; ; attempt++) {
        try {
          await this.#put(recording.id, seq, blob);
          return;
        } catch (error) {
          if (attempt >= RETRIES) return this.#fail(error);
          await delay(300 * attempt);
        }
      }
    });
  }

  async #put(id: string, seq: number, blob: Blob): Promise<void> {
    const response = await fetch(`${this.#target.serverUrl}/api/recordings/${encodeURIComponent(id)}/chunks/${seq}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${this.#target.token}`, 'content-type': 'application/octet-stream' },
      body: blob,
      credentials: 'omit',
    });
    if (!response.ok) throw new Error(`recording upload answered HTTP ${response.status}`);
  }
}
