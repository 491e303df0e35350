import {
  DEFAULT_SITE_SETTINGS,
  ProtocolError,
  systemLine,
  type ChatMessage,
  type Notice,
  type PublicSiteResponse,
  type ServerMessage,
  type Site,
  type SiteInput,
  type SessionView,
} from '@rs/protocol';
import type { RepRecord, SessionRecord, Store } from '../store/store.ts';
import type { Hub } from '../live/hub.ts';
import type { Sessions } from '../sessions/service.ts';
import { randomId } from '../auth/secrets.ts';
import { HANDLE_SAMPLE, estimateWaitSeconds } from './wait-estimate.ts';
import { CustomerNotices, reaches } from './notices.ts';
import { log } from '../observability/log.ts';

/** How often waits are recomputed even without an event (recent handle times drift). */
const REFRESH_MS = 15_000;

/**
 * Click-to-chat on the server: public sites and their settings, the intake
 * checks when a customer starts (site enabled, agreement, recording choice),
 * live queue position and estimated wait for every waiting customer, notices,
 * nudges and the exit survey.
 */
export class ClickToChat {
  /** Which notices each public site's customers see, and publishing them live. */
  readonly notices: CustomerNotices;
  readonly #store: Store;
  readonly #hub: Hub;
  readonly #sessions: Sessions;
  readonly #now: () => number;
  readonly #timer: NodeJS.Timeout;
  #refreshQueued = false;
  #refreshing = false;
  #refreshAgain = false;
  /** What each waiting customer was last told (position, estimate, reps): a notice goes out only when it would differ. */
  #told = new Map<string, string>();
  /** Waiting customers with a connection that opened since they were last told: told at the next pass, changed or not. */
  readonly #untold = new Set<string>();
  #closed = false;

  constructor(store: Store, hub: Hub, sessions: Sessions, now: () => number = Date.now) {
    this.#store = store;
    this.#hub = hub;
    this.#sessions = sessions;
    this.#now = now;
    this.notices = new CustomerNotices(store, hub, now);
    sessions.onChange(() => this.refreshWaits());
    hub.onChange((joined) => {
      // A customer's new connection (a reloaded page) has been told nothing: it gets its place even if unchanged.
      // (A set of its own: a pass running now replaces `#told` with what it computed before this connection came.)
      if (joined?.sessionId) this.#untold.add(joined.sessionId);
      this.refreshWaits();
    });
    this.#timer = setInterval(() => this.refreshWaits(), REFRESH_MS);
    this.#timer.unref();
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
  }

  /** The default site (path `/`) exists after first start. */
  async ensureDefaultSite(): Promise<void> {
    if (await this.#store.clickToChat.siteByPath('/')) return;
    await this.#store.clickToChat.createSite({ id: randomId(), name: 'Support', path: '/', settings: DEFAULT_SITE_SETTINGS }, this.#now());
  }

  async siteByPath(path: string): Promise<Site> {
    const site = await this.#store.clickToChat.siteByPath(path || '/');
    if (!site) throw new ProtocolError('not_found', 'no such support site');
    return site;
  }

  async publicSite(path: string): Promise<PublicSiteResponse> {
    const site = await this.siteByPath(path);
    return { site, notices: await this.notices.forSite(site.id), repsAvailable: await this.#hub.repsOnline() };
  }

  async saveSite(id: string | null, input: SiteInput): Promise<Site> {
    const clash = await this.#store.clickToChat.siteByPath(input.path);
    if (clash && clash.id !== id) throw new ProtocolError('conflict', `another site already uses the path ${input.path}`);
    if (id === null) {
      const site = { id: randomId(), ...input };
      await this.#store.clickToChat.createSite(site, this.#now());
      return site;
    }
    const current = await this.#store.clickToChat.site(id);
    if (!current) throw new ProtocolError('not_found', 'no such site');
    if (current.path === '/' && input.path !== '/') throw new ProtocolError('invalid_state', 'the default site keeps the path /');
    const site = { id, ...input };
    await this.#store.clickToChat.updateSite(site);
    return site;
  }

  /** DELETE /api/admin/sites/:id: the site leaves every notice's site list; the default site and sites with sessions stay. */
  async deleteSite(id: string): Promise<void> {
    if ((await this.#store.clickToChat.site(id))?.path === '/') throw new ProtocolError('invalid_state', 'the default site cannot be deleted');
    const result = await this.#store.clickToChat.deleteSite(id);
    if (result === 'not_found') throw new ProtocolError('not_found', 'no such site');
    if (result === 'in_use') throw new ProtocolError('conflict', 'sessions were started on this site; turn its chat off instead');
  }

  /** POST /api/sessions: the site's intake rules, then the session. */
  async createSession(request: { customerName: string; sitePath?: string | undefined; agreementAccepted?: boolean | undefined; recordingAllowed?: boolean | undefined }) {
    const site = await this.siteByPath(request.sitePath ?? '/');
    const { settings } = site;
    if (!settings.chatEnabled) throw new ProtocolError('forbidden', 'chat is not available on this site');
    if (settings.agreementText.trim() && request.agreementAccepted !== true)
      throw new ProtocolError('invalid_state', 'the customer agreement must be accepted first');
    if (settings.recordingPrompt && request.recordingAllowed === undefined)
      throw new ProtocolError('invalid_state', 'the customer must allow or refuse recording first');
    const recordingAllowed = settings.recordingPrompt ? request.recordingAllowed! : null;
    // The session and its intake record are one transaction: no session without its agreement on record.
    return this.#store.transaction(async () => {
      const created = await this.#sessions.create(request.customerName, { siteId: site.id, recordingAllowed });
      const at = this.#now();
      if (settings.agreementText.trim()) await this.#store.appendEvent(created.session.id, 'agreement_accepted', at, { siteId: site.id });
      if (recordingAllowed !== null) await this.#store.appendEvent(created.session.id, recordingAllowed ? 'recording_allowed' : 'recording_refused', at, {});
      return created;
    });
  }

  /**
   * Recomputes every waiting customer's position and estimate: at most once per tick, one pass at a time
   * (changes during a pass make one more pass after it), and a notice only to customers whose figures changed.
   */
  refreshWaits(): void {
    if (this.#closed) return;
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return;
    }
    if (this.#refreshQueued) return;
    this.#refreshQueued = true;
    setImmediate(() => {
      this.#refreshQueued = false;
      this.#refreshing = true;
      void (async () => {
        do {
          this.#refreshAgain = false;
          await this.#pushWaits().catch((err: unknown) => {
            if (!this.#closed) log.error({ err }, 'wait refresh failed');
          });
        } while (this.#refreshAgain && !this.#closed);
        this.#refreshing = false;
      })();
    });
  }

  async #pushWaits(): Promise<void> {
    if (this.#closed) return;
    const queued = await this.#store.sessionsInState('queued');
    if (queued.length === 0) {
      this.#told.clear();
      this.#untold.clear();
      return;
    }
    const online = await this.#hub.onlineRepIds();
    const busy = await this.#store.clickToChat.busyRepIds(online);
    const handleTimesMs = await this.#store.clickToChat.recentHandleTimes(HANDLE_SAMPLE);
    const repsIdle = online.length - busy.length;
    const told = new Map<string, string>();
    queued.forEach((s, i) => {
      const estimateSeconds = estimateWaitSeconds({ position: i + 1, repsSignedIn: online.length, repsIdle, handleTimesMs });
      const figures = `${i + 1}/${estimateSeconds}/${online.length}`;
      told.set(s.id, figures);
      if (this.#told.get(s.id) === figures && !this.#untold.has(s.id)) return;
      this.#untold.delete(s.id);
      // Every node runs this on every change, each for its own customers.
      this.#hub.toCustomerHere(s.id, { type: 'wait', sessionId: s.id, position: i + 1, estimateSeconds, repsAvailable: online.length });
    });
    // Customers no longer queued are forgotten; one queued again (held, then back) is told afresh.
    this.#told = told;
    for (const id of this.#untold) if (!told.has(id)) this.#untold.delete(id);
  }

  async sendNotice(rep: RepRecord, sessionId: string, noticeId: string): Promise<void> {
    const session = await this.#served(rep, sessionId);
    const notice = await this.#store.clickToChat.notice(noticeId);
    if (!notice || !reaches(notice, await this.notices.siteIdOf(session))) throw new ProtocolError('not_found', 'no such active notice for this site');
    await this.#store.appendEvent(sessionId, 'notice_sent', this.#now(), { repId: rep.id, noticeId });
    await this.#systemLine(session, systemLine('notice_sent', { name: rep.displayName, title: notice.title }));
    this.#hub.toCustomer(sessionId, { type: 'notice', sessionId, notice });
  }

  async leaveViaNotice(sessionId: string): Promise<SessionView> {
    await this.#store.appendEvent(sessionId, 'left_via_notice', this.#now(), {});
    return this.#sessions.leave(sessionId);
  }

  async nudge(rep: RepRecord, sessionId: string): Promise<void> {
    const session = await this.#served(rep, sessionId);
    const at = this.#now();
    await this.#store.appendEvent(sessionId, 'nudged', at, { repId: rep.id });
    await this.#systemLine(session, systemLine('nudge_sent', { name: rep.displayName }));
    this.#hub.toCustomer(sessionId, { type: 'nudge', sessionId, at });
  }

  /** Every active notice, or with a session only those its customer's site sees. */
  async activeNotices(sessionId?: string): Promise<Notice[]> {
    return sessionId === undefined ? this.#store.clickToChat.notices(true) : this.notices.forSession(sessionId);
  }

  /** The exit survey: once, after a session a representative served, unless the customer left through a notice. */
  async saveSurvey(session: SessionRecord, answers: Record<string, number | string>): Promise<void> {
    if (session.state !== 'closed' || session.acceptedAt === null) throw new ProtocolError('invalid_state', 'the survey follows a session a representative served');
    const events = await this.#store.events(session.id);
    if (events.some((e) => e.kind === 'left_via_notice')) throw new ProtocolError('invalid_state', 'no survey after leaving through a notice');
    const site = session.siteId ? await this.#store.clickToChat.site(session.siteId) : await this.#store.clickToChat.siteByPath('/');
    const settings = site?.settings ?? DEFAULT_SITE_SETTINGS;
    if (!settings.surveyEnabled) throw new ProtocolError('invalid_state', 'this site has no exit survey');
    const clean: Record<string, number | string> = {};
    for (const q of settings.surveyQuestions) {
      const value = answers[q.id];
      if (value === undefined || value === '') continue;
      if ((q.kind === 'rating') !== (typeof value === 'number')) throw new ProtocolError('bad_message', `answer ${q.id} has the wrong kind`);
      clean[q.id] = typeof value === 'string' ? value.trim() : value;
    }
    if (!(await this.#store.clickToChat.saveSurvey(session.id, clean, this.#now()))) throw new ProtocolError('conflict', 'the survey was already answered');
  }

  async #served(rep: RepRecord, sessionId: string): Promise<SessionRecord> {
    const s = await this.#store.session(sessionId);
    if (!s || s.repId !== rep.id) throw new ProtocolError('not_found', 'no such session among yours');
    if (s.state !== 'active') throw new ProtocolError('invalid_state', `the session is ${s.state}`);
    return s;
  }

  async #systemLine(session: SessionRecord, text: string): Promise<ChatMessage> {
    const message = await this.#store.appendMessage({ id: randomId(), sessionId: session.id, author: 'system', authorName: 'System', text, at: this.#now() });
    const frame: ServerMessage = { type: 'chat', message };
    this.#hub.toCustomer(session.id, frame);
    if (session.repId) this.#hub.toRep(session.repId, frame);
    return message;
  }
}
