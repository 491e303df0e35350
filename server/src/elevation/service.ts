import { ProtocolError, type ElevationNotice, type ElevationState, type HostState } from '@rs/protocol';
import type { Hub } from '../live/hub.ts';
import { randomId } from '../auth/secrets.ts';
import type { RepRecord, SessionRecord, Store } from '../store/store.ts';

type Entry = { state: ElevationState; repName: string; repId: string };

/** The transcript line each step leaves, so the session's record shows who asked, who allowed, and when. */
const TRANSCRIPT: Partial<Record<ElevationState, (repName: string) => string>> = {
  requested: (rep) => `${rep} asked for full control of the customer's computer.`,
  allowed: () => 'The customer allowed full control.',
  refused: () => 'The customer refused full control.',
  connected: () => 'The support helper is connected: full control is on.',
  revoked: () => 'The customer took back control.',
  ended: () => 'The support helper was removed.',
};

/**
 * Elevation state per session, on the server (the control plane): the
 * representative asks, the customer answers, the customer's extension reports
 * the native host. In memory: elevation never outlives the live session.
 */
export class Elevation {
  readonly #store: Store;
  readonly #hub: Hub;
  readonly #entries = new Map<string, Entry>();

  constructor(store: Store, hub: Hub) {
    this.#store = store;
    this.#hub = hub;
  }

  /** The session's elevation state, or null when nobody asked (or the helper was removed). */
  state(sessionId: string): ElevationState | null {
    return this.#entries.get(sessionId)?.state ?? null;
  }

  /** The session's current state as the `elevation` notice the parties get on each change; for a (re)connecting party. */
  notice(sessionId: string): ElevationNotice | null {
    const entry = this.#entries.get(sessionId);
    return entry ? { type: 'elevation', sessionId, state: entry.state, repName: entry.repName } : null;
  }

  async request(rep: RepRecord, sessionId: string): Promise<void> {
    const session = await this.#active(sessionId);
    if (session.repId !== rep.id) throw new ProtocolError('not_found', 'no such session among yours');
    const current = this.#entries.get(sessionId);
    if (current && ['allowed', 'installing', 'connected'].includes(current.state)) {
      throw new ProtocolError('invalid_state', `elevation is already ${current.state}`);
    }
    await this.#set(session, { state: 'requested', repName: rep.displayName, repId: rep.id });
  }

  async answer(sessionId: string, allow: boolean): Promise<void> {
    const session = await this.#active(sessionId);
    const current = this.#entries.get(sessionId);
    if (!current || current.state !== 'requested') throw new ProtocolError('invalid_state', 'the representative has not asked for control');
    await this.#set(session, { ...current, state: allow ? 'allowed' : 'refused' });
  }

  async report(sessionId: string, host: HostState): Promise<void> {
    const session = await this.#store.session(sessionId);
    if (!session) throw new ProtocolError('not_found', 'no such session');
    const current = this.#entries.get(sessionId);
    if (!current || current.state === 'requested' || current.state === 'refused') {
      throw new ProtocolError('invalid_state', 'the customer has not allowed control');
    }
    await this.#set(session, { ...current, state: host });
  }

  async #active(sessionId: string): Promise<SessionRecord> {
    const session = await this.#store.session(sessionId);
    if (!session) throw new ProtocolError('not_found', 'no such session');
    if (session.state !== 'active') throw new ProtocolError('invalid_state', `the session is ${session.state}`);
    return session;
  }

  async #set(session: SessionRecord, entry: Entry): Promise<void> {
    const previous = this.#entries.get(session.id)?.state;
    if (entry.state === 'ended') this.#entries.delete(session.id);
    else this.#entries.set(session.id, entry);
    const notice: ElevationNotice = { type: 'elevation', sessionId: session.id, state: entry.state, repName: entry.repName };
    this.#fanOut(session, notice);
    const line = TRANSCRIPT[entry.state];
    if (line && previous !== entry.state) {
      const text = line(entry.repName);
      const message = await this.#store.appendMessage({ id: randomId(), sessionId: session.id, author: 'system', authorName: 'System', text, at: Date.now() });
      this.#fanOut(session, { type: 'chat', message });
    }
  }

  #fanOut(session: SessionRecord, message: Parameters<Hub['toCustomer']>[1]): void {
    this.#hub.toCustomer(session.id, message);
    if (session.repId) this.#hub.toRep(session.repId, message);
  }
}
