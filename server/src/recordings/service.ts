import { ProtocolError, type RecordingView } from '@rs/protocol';
import type { RecordingRecord, RepRecord, Store } from '../store/store.ts';
import { randomId } from '../auth/secrets.ts';
import type { RecordingStorage } from './storage.ts';

/** A bound on one recording, so that a runaway console cannot fill the disk. */
export const RECORDING_MAX_BYTES = 4 * 1024 ** 3;

const view = ({ repId: _rep, ...r }: RecordingRecord): RecordingView => r;

/**
 * Session recordings: the representative's console uploads the shared screen
 * in chunks while the session runs. Allowed only when the customer allowed
 * recording at the start of the session; chunks are taken strictly in order.
 */
export class Recordings {
  readonly #store: Store;
  readonly #storage: RecordingStorage;
  /** One upload at a time per recording, so that order checks and writes do not interleave. */
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(store: Store, storage: RecordingStorage) {
    this.#store = store;
    this.#storage = storage;
  }

  async start(rep: RepRecord, sessionId: string, mimeType: string): Promise<RecordingView> {
    const session = await this.#store.session(sessionId);
    if (!session || session.repId !== rep.id) throw new ProtocolError('not_found', 'no such session among yours');
    if (!session.recordingAllowed) throw new ProtocolError('forbidden', 'the customer did not allow recording of this session');
    if (session.state !== 'active') throw new ProtocolError('invalid_state', `the session is ${session.state}`);
    const now = Date.now();
    const record: RecordingRecord = { id: randomId(), sessionId, repId: rep.id, mimeType, startedAt: now, updatedAt: now, bytes: 0, chunks: 0, finished: false };
    await this.#store.createRecording(record);
    await this.#store.appendEvent(sessionId, 'recording.started', now, { recordingId: record.id });
    return view(record);
  }

  /** Stores chunk `seq`; a chunk already stored is acknowledged again (a retried upload), a gap is refused. */
  async putChunk(rep: RepRecord, recordingId: string, seq: number, data: Uint8Array): Promise<RecordingView> {
    return this.#locked(recordingId, async () => {
      const rec = await this.#own(rep, recordingId);
      if (seq < rec.chunks) return view(rec);
      if (rec.finished) throw new ProtocolError('invalid_state', 'the recording is finished');
      if (seq > rec.chunks) throw new ProtocolError('invalid_state', `expected chunk ${rec.chunks}, got ${seq}`);
      if (rec.bytes + data.byteLength > RECORDING_MAX_BYTES) throw new ProtocolError('too_large', 'the recording is too long');
      const session = await this.#store.session(rec.sessionId);
      if (!session?.recordingAllowed) throw new ProtocolError('forbidden', 'the customer did not allow recording of this session');
      await this.#storage.putPart(rec.id, seq, data);
      if (!(await this.#store.appendRecordingChunk(rec.id, seq, data.byteLength, Date.now()))) throw new ProtocolError('conflict', 'another upload got there first');
      return view((await this.#store.recording(rec.id)) ?? rec);
    });
  }

  async finish(rep: RepRecord, recordingId: string): Promise<RecordingView> {
    return this.#locked(recordingId, async () => {
      const rec = await this.#own(rep, recordingId);
      await this.#storage.finish(rec.id);
      await this.#store.finishRecording(rec.id, Date.now());
      return view({ ...rec, finished: true });
    });
  }

  async list(sessionId: string): Promise<RecordingView[]> {
    return (await this.#store.recordingsOfSession(sessionId)).map(view);
  }

  async media(recordingId: string) {
    const rec = await this.#store.recording(recordingId);
    if (!rec) throw new ProtocolError('not_found', 'no such recording');
    const opened = await this.#storage.open(rec.id);
    if (!opened) throw new ProtocolError('not_found', 'the recording has no data yet');
    return { ...opened, mimeType: rec.mimeType };
  }

  async #own(rep: RepRecord, recordingId: string): Promise<RecordingRecord> {
    const rec = await this.#store.recording(recordingId);
    if (!rec || rec.repId !== rep.id) throw new ProtocolError('not_found', 'no such recording among yours');
    return rec;
  }

  #locked<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => {});
    this.#locks.set(key, tail);
    void tail.then(() => {
      if (this.#locks.get(key) === tail) this.#locks.delete(key);
    });
    return next;
  }
}
