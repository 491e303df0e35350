import { ProtocolError, type ElevationNotice, type ElevationState, type HostState } from '@rs/protocol';
import type { Hub } from '../live/hub.ts';
import type { RepRecord, SessionRecord, Store } from '../store/store.ts';

type Entry = { state: ElevationState; repName: string; repId: string };

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

  async request(rep: RepRecord, sessionId: string): Promise<void> {
    const session = await this.#active(sessionId);
    if (session.repId !== rep.id) throw new ProtocolError('not_found', 'no such session among yours');
    const current = this.#entries.get(sessionId);
    if (current && ['allowed', 'installing', 'connected'].includes(current.state)) {
      throw new ProtocolError('invalid_state', `elevation is already ${current.state}`);
    }
    this.#set(session, { state: 'requested', repName: rep.displayName, repId: rep.id });
  }

  async answer(sessionId: string, allow: boolean): Promise<void> {
    const session = await this.#active(sessionId);
    const current = this.#entries.get(sessionId);
    if (!current || current.state !== 'requested') throw new ProtocolError('invalid_state', 'the representative has not asked for control');
    this.#set(session, { ...current, state: allow ? 'allowed' : 'refused' });
  }

  async report(sessionId: string, host: HostState): Promise<void> {
    const session = await this.#store.session(sessionId);
    if (!session) throw new ProtocolError('not_found', 'no such session');
    const current = this.#entries.get(sessionId);
    if (!current || current.state === 'requested' || current.state === 'refused') {
      throw new ProtocolError('invalid_state', 'the customer has not allowed control');
    }
    this.#set(session, { ...current, state: host });
  }

  async #active(sessionId: string): Promise<SessionRecord> {
    const session = await this.#store.session(sessionId);
    if (!session) throw new ProtocolError('not_found', 'no such session');
    if (session.state !== 'active') throw new ProtocolError('invalid_state', `the session is ${session.state}`);
    return session;
  }

  #set(session: SessionRecord, entry: Entry): void {
    if (entry.state === 'ended') this.#entries.delete(session.id);
    else this.#entries.set(session.id, entry);
    const notice: ElevationNotice = { type: 'elevation', sessionId: session.id, state: entry.state, repName: entry.repName };
    this.#hub.toCustomer(session.id, notice);
    if (session.repId) this.#hub.toRep(session.repId, notice);
  }
}
