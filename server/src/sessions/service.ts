import { CHAT_HISTORY_MAX, ProtocolError, systemLine, type ChatMessage, type QueueEntry, type SessionView, type TransferTarget } from '@rs/protocol';
import type { NewMessage, RepRecord, SessionRecord, Store } from '../store/store.ts';
import type { SessionRoute } from '../store/workflow-store.ts';
import { mayTake } from '../workflow/routing.ts';
import { SessionQueue } from './queue.ts';
import type { Hub } from '../live/hub.ts';
import { hashToken, randomId } from '../auth/secrets.ts';
import { isParty } from './party.ts';
import type { ChatLimits } from '../limits/chat-limits.ts';
import type { Bus } from '../cluster/bus.ts';
import { publishSessionChanged } from '../cluster/events.ts';
import { CustomerGrace } from './grace.ts';
import { afterCommit } from '../store/after-commit.ts';
import { log } from '../observability/log.ts';

export interface SessionsOptions {
  customerGraceMs: number;
  now?: () => number;
  /** Chat rates and the transcript cap; absent: unlimited (unit tests of other features). */
  chatLimits?: ChatLimits;
  /** How many recent lines a snapshot carries (older ones via `history`). */
  snapshotLines?: number;
  /** Where committed transitions are announced to every node (`session.changed`); absent: nowhere (unit tests). */
  bus?: Bus;
  /** How often this node looks for due absence deadlines (any node's) and dead nodes' customers; default 1 s. */
  sweepMs?: number;
}

/** A snapshot's transcript: the recent lines, and whether older ones exist. */
export interface RecentLines {
  messages: ChatMessage[];
  earlier: boolean;
}

/** Who is acting, as stamped by the authenticated connection (never taken from a payload). */
/** `fullClient`: a customer connection from the customer extension (set by the live gateway from the stamped Origin). */
export type Actor = { role: 'rep'; rep: RepRecord } | { role: 'customer'; sessionId: string; fullClient?: boolean };

/**
 * The session lifecycle: every transition is one store transaction (the
 * conditional state change, route, audit event, system lines, what close
 * listeners write, the cluster event), and its notices go out only once it
 * committed (`afterCommit`): a transition that fails half-way leaves nothing
 * behind and tells nobody, and another node reading the store sees it whole.
 */
export class Sessions {
  readonly #store: Store;
  readonly #hub: Hub;
  readonly #now: () => number;
  readonly #chatLimits: ChatLimits | undefined;
  readonly #snapshotLines: number;
  readonly #bus: Bus | undefined;
  /** Customer absence deadlines (store rows every node sweeps). */
  readonly #grace: CustomerGrace;
  readonly #queue: SessionQueue;
  readonly #closedListeners: ((session: SessionView) => void)[] = [];
  readonly #closeListeners: ((session: SessionRecord) => Promise<void>)[] = [];

  /** Called after the queue or the set of served sessions changed (click-to-chat recomputes waits). */
  onChange(listener: () => void): () => void {
    return this.#queue.onChange(listener);
  }

  constructor(store: Store, hub: Hub, options: SessionsOptions) {
    this.#store = store;
    this.#hub = hub;
    this.#now = options.now ?? Date.now;
    this.#chatLimits = options.chatLimits;
    this.#snapshotLines = options.snapshotLines ?? CHAT_HISTORY_MAX;
    this.#bus = options.bus;
    this.#queue = new SessionQueue(store, hub, this.#now);
    this.#grace = new CustomerGrace(store, hub, { graceMs: options.customerGraceMs, sweepMs: options.sweepMs ?? 1_000, now: this.#now, leave: (id) => this.leave(id) });
  }

  /** Joins the cluster: other nodes' queue changes, the absence sweep, and the grace of open sessions nobody is connected to. */
  async start(): Promise<void> {
    this.#queue.start();
    await this.resumeOpenSessions();
    this.#grace.start();
  }

  async create(
    customerName: string,
    intake: { siteId?: string | null; recordingAllowed?: boolean | null } = {},
    /** A personal or team queue (a keyed session goes to the rep who generated the key); absent: the general queue. */
    route?: Omit<SessionRoute, 'sessionId'>,
  ): Promise<{ session: SessionView; customerToken: string }> {
    const now = this.#now();
    const customerToken = randomId(32);
    const record: SessionRecord = {
      id: randomId(),
      state: 'queued',
      customerName,
      customerTokenHash: hashToken(customerToken),
      repId: null,
      createdAt: now,
      queuedAt: now,
      acceptedAt: null,
      endedAt: null,
      endReason: null,
      siteId: intake.siteId ?? null,
      recordingAllowed: intake.recordingAllowed ?? null,
    };
    const session = await this.#store.transaction(async () => {
      await this.#store.createSession(record);
      if (route) await this.#store.workflow.setRoute({ sessionId: record.id, ...route });
      await this.#store.appendEvent(record.id, 'queued', now, {
        customerName,
        recordingAllowed: record.recordingAllowed,
        ...(route ? { incident: route.incident, personalRepId: route.personalRepId } : {}),
      });
      this.#changed(null, record);
      // The customer has not connected yet: the grace period covers a page that never does (its deadline is in this transaction).
      await this.#grace.begin(record.id);
      afterCommit(() => this.#queue.broadcast(record.id));
      return this.view(record);
    });
    return { session, customerToken };
  }

  async view(record: SessionRecord): Promise<SessionView> {
    const rep = record.repId ? await this.#store.repById(record.repId) : null;
    const { customerTokenHash: _hidden, siteId: _site, ...rest } = record;
    return { ...rest, recordingAllowed: record.recordingAllowed ?? null, repName: rep?.displayName ?? null };
  }

  /** Routes or team membership changed outside a transition: every node sends its reps what changed in their queues. */
  queueChanged(): Promise<void> {
    return this.#queue.broadcast();
  }

  /** The waiting sessions this rep may see (all of them without a rep): general, personal and team queues, held ones included. */
  queue(repId?: string): Promise<QueueEntry[]> {
    return this.#queue.entries(repId);
  }

  /** The sessions a connection should see on connect, each with the recent part of its transcript. */
  async snapshotsFor(actor: Actor): Promise<({ session: SessionView } & RecentLines)[]> {
    const records =
      actor.role === 'rep'
        ? await this.#store.activeSessionsOfRep(actor.rep.id)
        : [await this.#store.session(actor.sessionId)].filter((s): s is SessionRecord => s !== null);
    return Promise.all(records.map(async (s) => ({ session: await this.view(s), ...(await this.history(s.id, null, this.#snapshotLines)) })));
  }

  /** At most `limit` lines before `beforeSeq` (null: the newest), and whether older ones exist: one read of limit + 1 lines. */
  async history(sessionId: string, beforeSeq: number | null, limit: number): Promise<RecentLines> {
    const page = await this.#store.messagesPage(sessionId, beforeSeq, limit + 1);
    return page.length > limit ? { messages: page.slice(1), earlier: true } : { messages: page, earlier: false };
  }

  /** `chat.history` for a party of the session. */
  async historyFor(actor: Actor, sessionId: string, beforeSeq: number, limit: number): Promise<RecentLines> {
    const session = await this.#store.session(sessionId);
    if (!session || !isParty(actor, session)) throw new ProtocolError('not_found', 'no such session');
    await this.#chatLimits?.admitHistory(actor, sessionId);
    return this.history(sessionId, beforeSeq, limit);
  }

  accept(rep: RepRecord, sessionId: string): Promise<SessionView> {
    return this.#store.transaction(() => this.#accept(rep, sessionId));
  }

  async #accept(rep: RepRecord, sessionId: string): Promise<SessionView> {
    const now = this.#now();
    if (!mayTake(await this.#store.workflow.route(sessionId), await this.#store.workflow.teams(), rep.id)) throw new ProtocolError('not_found', 'no such session in your queues');
    // A held session is taken over the same way; the snapshot below gives the new rep the recent transcript (older lines via chat.history).
    const updated =
      (await this.#store.transitionSession(sessionId, 'queued', { state: 'active', repId: rep.id, acceptedAt: now })) ??
      (await this.#store.transitionSession(sessionId, 'held', { state: 'active', repId: rep.id, acceptedAt: now }));
    if (!updated) {
      const current = await this.#store.session(sessionId);
      if (!current) throw new ProtocolError('not_found', 'no such session');
      throw new ProtocolError(current.state === 'active' ? 'conflict' : 'invalid_state', `the session is ${current.state}, not waiting`);
    }
    await this.#store.appendEvent(sessionId, 'accepted', now, { repId: rep.id });
    this.#changed({ repId: null }, updated);
    await this.#system(sessionId, systemLine('joined', { name: rep.displayName }), updated);
    const view = await this.view(updated);
    const recent = await this.history(sessionId, null, this.#snapshotLines);
    afterCommit(() => {
      this.#hub.toRep(rep.id, { type: 'session', session: view, ...recent });
      this.#hub.toCustomer(sessionId, { type: 'session', session: view });
    });
    afterCommit(() => this.#queue.broadcast(sessionId));
    return view;
  }

  closeByRep(rep: RepRecord, sessionId: string): Promise<SessionView> {
    return this.#store.transaction(async () => {
      const current = await this.#ownActive(rep, sessionId);
      return this.#close(current, 'rep_closed', systemLine('rep_closed', { name: rep.displayName }), { repId: rep.id });
    });
  }

  /** The customer closed the chat, or did not come back within the grace period. */
  leave(sessionId: string): Promise<SessionView> {
    return this.#store.transaction(async () => {
      const current = await this.#store.session(sessionId);
      if (!current) throw new ProtocolError('not_found', 'no such session');
      if (current.state === 'closed') throw new ProtocolError('invalid_state', 'the session has already ended');
      return this.#close(current, 'customer_left', systemLine('customer_left'), {});
    });
  }

  async post(actor: Actor, sessionId: string, text: string): Promise<ChatMessage> {
    const session = await this.#store.session(sessionId);
    if (!session || !isParty(actor, session)) throw new ProtocolError('not_found', 'no such session');
    if (session.state === 'closed') throw new ProtocolError('invalid_state', 'the session has ended');
    if (actor.role === 'rep' && session.state !== 'active') throw new ProtocolError('invalid_state', 'accept the session first');
    await this.#chatLimits?.admit(actor, session);
    const author = actor.role === 'rep' ? { author: 'rep' as const, authorName: actor.rep.displayName } : { author: 'customer' as const, authorName: session.customerName };
    const line = { id: randomId(), sessionId, ...author, text, at: this.#now() };
    const message = await this.#append(line);
    this.#fanOut(session, { type: 'chat', message });
    return message;
  }

  /** The transcript cap is checked as the store numbers the line: no read of the transcript per line. */
  async #append(line: NewMessage): Promise<ChatMessage> {
    const limits = this.#chatLimits;
    if (!limits) return this.#store.appendMessage(line);
    const message = await this.#store.appendLine(line, limits.maxLines);
    if (!message) throw limits.limitReached();
    return message;
  }

  /** A full transcript, for representatives. */
  async transcript(sessionId: string): Promise<{ session: SessionView; messages: ChatMessage[] }> {
    const session = await this.#store.session(sessionId);
    if (!session) throw new ProtocolError('not_found', 'no such session');
    return { session: await this.view(session), messages: await this.#store.messages(sessionId) };
  }

  /**
   * Runs inside the close transaction (features take back what they granted): its writes commit or roll back with
   * the close, so a listener that fails fails the close; its notices must go through `afterCommit`.
   */
  onSessionClosed(listener: (session: SessionRecord) => Promise<void>): void {
    this.#closeListeners.push(listener);
  }

  /** A customer connection came (on any node): their session has no absence deadline. Never rejects. */
  customerConnected(sessionId: string): Promise<void> {
    return this.#grace.connected(sessionId);
  }

  /** A customer connection went: if none is left anywhere, the grace starts, after which they are taken to have left. Never rejects. */
  customerDisconnected(sessionId: string): Promise<void> {
    return this.#grace.disconnected(sessionId);
  }

  /** After a restart (of this node, or of all of them) open sessions whose customer is connected nowhere get the same grace as a reload. */
  async resumeOpenSessions(): Promise<void> {
    for (const state of ['queued', 'active', 'held'] as const)
      for (const s of await this.#store.sessionsInState(state)) await this.#grace.disconnected(s.id);
  }

  close(): void {
    this.#grace.close();
    this.#queue.stop();
  }

  async #ownActive(rep: RepRecord, sessionId: string): Promise<SessionRecord> {
    const s = await this.#store.session(sessionId);
    if (!s || s.repId !== rep.id) throw new ProtocolError('not_found', 'no such session among yours');
    if (s.state !== 'active') throw new ProtocolError('invalid_state', `the session is ${s.state}`);
    return s;
  }

  async #close(current: SessionRecord, reason: 'rep_closed' | 'customer_left', line: string, data: Record<string, unknown>): Promise<SessionView> {
    const now = this.#now();
    const updated = await this.#store.transitionSession(current.id, current.state, { state: 'closed', endedAt: now, endReason: reason });
    if (!updated) throw new ProtocolError('conflict', 'the session changed meanwhile; try again');
    afterCommit(() => this.#grace.forget(current.id));
    await this.#store.appendEvent(current.id, 'closed', now, { reason, ...data });
    this.#changed(current, updated);
    for (const listener of this.#closeListeners) await listener(updated);
    await this.#system(current.id, line, updated);
    const view = await this.view(updated);
    afterCommit(() => this.#fanOut(updated, { type: 'session', session: view }));
    if (current.state === 'queued' || current.state === 'held') afterCommit(() => this.#queue.broadcast(current.id));
    else afterCommit(() => this.#queue.changed());
    afterCommit(() => this.#closedListeners.forEach((listener) => listener(view)));
    return view;
  }

  /** Announces the transition to every node (peer sockets whose role ended are closed there), once it committed. */
  #changed(before: { repId: string | null } | null, after: SessionRecord): void {
    const bus = this.#bus;
    if (bus) afterCommit(() => publishSessionChanged(bus, before, after).catch((err: unknown) => log.error({ err }, 'session.changed not published')));
  }

  /** Writes a system line in the open transaction; both parties see it once that committed. */
  async #system(sessionId: string, text: string, session: SessionRecord): Promise<void> {
    const message = await this.#store.appendMessage({ id: randomId(), sessionId, author: 'system', authorName: 'System', text, at: this.#now() });
    afterCommit(() => this.#fanOut(session, { type: 'chat', message }));
  }

  #fanOut(session: SessionRecord, message: Parameters<Hub['toCustomer']>[1]): void {
    this.#hub.toSession(session.id, session.repId, message);
  }

  /** Runs after every close (history, journal, ITSM webhooks); a listener must not throw. */
  onClosed(listener: (session: SessionView) => void): void {
    this.#closedListeners.push(listener);
  }

  /** Hold Session: the rep's side ends, the session goes back to its team (or the general) queue with its transcript. */
  hold(rep: RepRecord, sessionId: string): Promise<SessionView> {
    return this.#store.transaction(() => this.#hold(rep, sessionId));
  }

  async #hold(rep: RepRecord, sessionId: string): Promise<SessionView> {
    const current = await this.#ownActive(rep, sessionId);
    const now = this.#now();
    const updated = await this.#store.transitionSession(current.id, 'active', { state: 'held', repId: null, queuedAt: now });
    if (!updated) throw new ProtocolError('conflict', 'the session changed meanwhile; try again');
    const route = await this.#store.workflow.route(current.id);
    await this.#store.workflow.setRoute({ sessionId: current.id, incident: route?.incident ?? null, teamId: route?.teamId ?? null, personalRepId: null });
    await this.#store.appendEvent(current.id, 'held', now, { repId: rep.id });
    this.#changed(current, updated);
    await this.#system(current.id, systemLine('held'), updated);
    const view = await this.view(updated);
    afterCommit(() => this.#hub.toCustomer(current.id, { type: 'session', session: view }));
    afterCommit(() => this.#queue.broadcast(current.id));
    return view;
  }

  /** Transfer: straight to another rep (who gets the recent transcript), or into a team's queue. */
  transfer(rep: RepRecord, sessionId: string, to: TransferTarget): Promise<SessionView> {
    return this.#store.transaction(() => this.#transfer(rep, sessionId, to));
  }

  async #transfer(rep: RepRecord, sessionId: string, to: TransferTarget): Promise<SessionView> {
    const current = await this.#ownActive(rep, sessionId);
    const now = this.#now();
    const route = await this.#store.workflow.route(current.id);
    let updated: SessionRecord | null;
    let line: string;
    if (to.kind === 'rep') {
      const target = await this.#store.repById(to.repId);
      if (!target) throw new ProtocolError('not_found', 'no such representative');
      if ((await this.#store.people.person(target.id))?.disabledAt != null) throw new ProtocolError('invalid_state', `${target.displayName} is disabled`);
      if (target.id === rep.id) throw new ProtocolError('invalid_state', 'the session is already yours');
      updated = await this.#store.transitionSession(current.id, 'active', { repId: target.id });
      line = systemLine('transferred_to_rep', { name: rep.displayName, target: target.displayName });
    } else {
      const team = (await this.#store.workflow.teams()).find((t) => t.id === to.teamId);
      if (!team) throw new ProtocolError('not_found', 'no such team');
      updated = await this.#store.transitionSession(current.id, 'active', { state: 'queued', repId: null, queuedAt: now });
      if (updated) await this.#store.workflow.setRoute({ sessionId: current.id, incident: route?.incident ?? null, teamId: team.id, personalRepId: null });
      line = systemLine('transferred_to_team', { name: rep.displayName, team: team.name });
    }
    if (!updated) throw new ProtocolError('conflict', 'the session changed meanwhile; try again');
    await this.#store.appendEvent(current.id, 'transferred', now, { fromRepId: rep.id, ...to });
    this.#changed(current, updated);
    await this.#system(current.id, line, updated);
    const view = await this.view(updated);
    const newRepId = updated.repId;
    const recent = newRepId ? await this.history(current.id, null, this.#snapshotLines) : null;
    afterCommit(() => {
      this.#hub.toCustomer(current.id, { type: 'session', session: view });
      this.#hub.toRep(rep.id, { type: 'session', session: view });
      if (newRepId && recent) this.#hub.toRep(newRepId, { type: 'session', session: view, ...recent });
    });
    if (!newRepId) afterCommit(() => this.#queue.broadcast(current.id));
    return view;
  }
}
