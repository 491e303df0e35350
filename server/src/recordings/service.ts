import { ProtocolError, type RecordingView } from '@rs/protocol';
import type { RecordingRecord, RepRecord, Store } from '../store/store.ts';
import { randomId } from '../auth/secrets.ts';
import type { RecordingStorage } from './storage.ts';
import { recordingView as view } from './standing.ts';

/** A bound on one recording, so that a runaway console cannot fill the disk. */
export const RECORDING_MAX_BYTES = 4 * 1024 ** 3;

/**
 * Session recordings: the representative's console uploads the shared screen
 * in chunks while the session runs. Allowed only when the customer allowed
 * recording at the start of the session; chunks are taken strictly in order,
 * and a recording is complete only when the console's finish found them all.
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
    return view(record, session);
  }

  /** Stores chunk `seq`; a chunk already stored is acknowledged again (a retried upload), a gap is refused. */
  async putChunk(rep: RepRecord, recordingId: string, seq: number, data: Uint8Array): Promise<RecordingView> {
    return this.#locked(recordingId, async () => {
      const rec = await this.#own(rep, recordingId);
      const session = await this.#store.session(rec.sessionId);
      if (seq < rec.chunks) return view(rec, session);
      if (rec.finished) throw new ProtocolError('invalid_state', 'the recording is finished');
      if (seq > rec.chunks) throw new ProtocolError('invalid_state', `expected chunk ${rec.chunks}, got ${seq}`);
      if (rec.bytes + data.byteLength > RECORDING_MAX_BYTES) throw new ProtocolError('too_large', 'the recording is too long');
      if (!session?.recordingAllowed) throw new ProtocolError('forbidden', 'the customer did not allow recording of this session');
      await this.#storage.putPart(rec.id, seq, data);
      if (!(await this.#store.appendRecordingChunk(rec.id, seq, data.byteLength, Date.now()))) throw new ProtocolError('conflict', 'another upload got there first');
      return view((await this.#store.recording(rec.id)) ?? rec, session);
    });
  }

  /**
   * The console recorded `chunks` parts and sends no more. Refused while some have not arrived (the
   * console finishes after its last upload), so `finished` always means every part is here.
   */
  async finish(rep: RepRecord, recordingId: string, chunks: number): Promise<RecordingView> {
    return this.#locked(recordingId, async () => {
      const rec = await this.#own(rep, recordingId);
      const session = await this.#store.session(rec.sessionId);
      if (rec.finished) return view(rec, session);
      if (chunks < rec.chunks) throw new ProtocolError('bad_message', `the recording already has ${rec.chunks} parts`);
      if (chunks > rec.chunks) throw new ProtocolError('invalid_state', `${rec.chunks} of ${chunks} parts arrived; upload the rest first`);
      const now = Date.now();
      await this.#storage.finish(rec.id);
      await this.#store.finishRecording(rec.id, now);
      return view({ ...rec, finished: true, updatedAt: now }, session);
    });
  }

  async list(sessionId: string): Promise<RecordingView[]> {
    const session = await this.#store.session(sessionId);
    return (await this.#store.recordingsOfSession(sessionId)).map((r) => view(r, session));
  }

  /** The media of a complete recording; an empty or incomplete one is not played (409 with the reason). */
  async media(recordingId: string) {
    const rec = await this.#store.recording(recordingId);
    if (!rec) throw new ProtocolError('not_found', 'no such recording');
    const { playable, problem } = view(rec, await this.#store.session(rec.sessionId));
    if (!playable) throw new ProtocolError('invalid_state', `the recording cannot be played: ${problem ?? 'unknown'}`);
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
