import { StartRecordingResponseSchema, parseWith, type RecordingView } from '@rs/protocol';
import { apiCall, expectShape, type ApiTarget } from '../lib/api.ts';

const CHUNK_MS = 1000;
const RETRIES = 3;

export function recordingMimeType(): string {
  for (const type of ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm']) if (MediaRecorder.isTypeSupported(type)) return type;
  return 'video/webm';
}

/**
 * Records a received screen with MediaRecorder (WebM) and uploads it one
 * chunk a second, in order, while the session runs: whatever was uploaded is
 * on the server even if the console closes mid-session. The server refuses to
 * start one when the customer did not allow recording.
 */
export class ChunkedRecorder {
  readonly recording: RecordingView;
  readonly #target: ApiTarget & { token: string };
  readonly #recorder: MediaRecorder;
  #uploads: Promise<void> = Promise.resolve();
  #seq = 0;
  #stopped: Promise<void> | null = null;
  /** Set once an upload failed for good; later chunks are dropped (a gap would be refused anyway). */
  failure: Error | null = null;

  private constructor(target: ApiTarget & { token: string }, recording: RecordingView, recorder: MediaRecorder) {
    this.#target = target;
    this.recording = recording;
    this.#recorder = recorder;
    recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) this.#enqueue(event.data);
    });
  }

  static async start(target: ApiTarget & { token: string }, sessionId: string, stream: MediaStream): Promise<ChunkedRecorder> {
    const mimeType = recordingMimeType();
    const raw = await apiCall(target, 'POST', `/api/sessions/${encodeURIComponent(sessionId)}/recordings`, { mimeType });
    const { recording } = expectShape(parseWith(StartRecordingResponseSchema, raw));
    const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 4_000_000 });
    const chunked = new ChunkedRecorder(target, recording, recorder);
    recorder.start(CHUNK_MS);
    return chunked;
  }

  /** Stops recording, uploads what is left, and marks the recording finished. Idempotent. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      if (this.#recorder.state !== 'inactive') {
        const done = new Promise((resolve) => this.#recorder.addEventListener('stop', resolve, { once: true }));
        this.#recorder.stop();
        await done;
      }
      await this.#uploads;
      await apiCall(this.#target, 'POST', `/api/recordings/${this.recording.id}/finish`).catch(() => {});
    })();
    return this.#stopped;
  }

  #enqueue(blob: Blob): void {
    const seq = this.#seq++;
    this.#uploads = this.#uploads.then(async () => {
      if (this.failure) return;
      for (let attempt = 1; ; attempt++) {
        try {
          await this.#put(seq, blob);
          return;
        } catch (error) {
          if (attempt >= RETRIES) {
            this.failure = error instanceof Error ? error : new Error(String(error));
            return;
          }
          await new Promise((r) => setTimeout(r, 300 * attempt));
        }
      }
    });
  }

  async #put(seq: number, blob: Blob): Promise<void> {
    const response = await fetch(`${this.#target.serverUrl}/api/recordings/${this.recording.id}/chunks/${seq}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${this.#target.token}`, 'content-type': 'application/octet-stream' },
      body: blob,
      credentials: 'omit',
    });
    if (!response.ok) throw new Error(`recording upload answered HTTP ${response.status}`);
  }
}
