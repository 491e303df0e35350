import { ProtocolError, type Notice, type NoticeInput } from '@rs/protocol';
import type { SessionRecord, Store } from '../store/store.ts';
import type { Hub } from '../live/hub.ts';
import { randomId } from '../auth/secrets.ts';

/** Sessions whose customer is still there to read a notice. */
const OPEN_STATES = ['queued', 'held', 'active'] as const;

/** Whether the customers of a site see a notice (active, and for every site or listing this one). */
export function reaches(notice: Notice, siteId: string | null): boolean {
  return notice.active && (notice.siteIds === null || (siteId !== null && notice.siteIds.includes(siteId)));
}

/**
 * Customer notices per public site: which notices a site's customers see at
 * intake and in a session, and publishing. A notice that becomes visible to a
 * site (created active, switched on, or given the site) is pushed at once to
 * the customers of that site's open sessions. Sessions started without a site
 * belong to the default site (`/`).
 */
export class CustomerNotices {
  readonly #store: Store;
  readonly #hub: Hub;
  readonly #now: () => number;

  constructor(store: Store, hub: Hub, now: () => number) {
    this.#store = store;
    this.#hub = hub;
    this.#now = now;
  }

  /** The site a session's customer started from; the default site when none was recorded. */
  async siteIdOf(session: SessionRecord): Promise<string | null> {
    return session.siteId ?? (await this.#store.clickToChat.siteByPath('/'))?.id ?? null;
  }

  /** Active notices for one site's customers; with no site at all, only those for every site. */
  async forSite(siteId: string | null): Promise<Notice[]> {
    if (siteId === null) return (await this.#store.clickToChat.notices(true)).filter((n) => n.siteIds === null);
    return this.#store.clickToChat.noticesForSite(siteId);
  }

  /** What a representative may send in a session: the active notices of its customer's site. */
  async forSession(sessionId: string): Promise<Notice[]> {
    const session = await this.#store.session(sessionId);
    if (!session) throw new ProtocolError('not_found', 'no such session');
    return this.forSite(await this.siteIdOf(session));
  }

  /** Creates (id null) or replaces a notice after checking its sites exist, then pushes it to customers who now see it. */
  async save(id: string | null, input: NoticeInput): Promise<Notice> {
    if (input.siteIds !== null) {
      const known = new Set((await this.#store.clickToChat.sites()).map((s) => s.id));
      const unknown = input.siteIds.filter((s) => !known.has(s));
      if (unknown.length > 0) throw new ProtocolError('bad_message', `no such public site: ${unknown.join(', ')}`);
    }
    const notice: Notice = { id: id ?? randomId(), ...input };
    let before: Notice | null = null;
    if (id === null) await this.#store.clickToChat.createNotice(notice, this.#now());
    else {
      before = await this.#store.clickToChat.notice(id);
      if (!before || !(await this.#store.clickToChat.updateNotice(notice))) throw new ProtocolError('not_found', 'no such notice');
    }
    const saved = (await this.#store.clickToChat.notice(notice.id)) ?? notice;
    await this.#publish(before, saved);
    return saved;
  }

  /** Live push to the customers of open sessions who could not see the notice before and can now. */
  async #publish(before: Notice | null, after: Notice): Promise<void> {
    if (!after.active) return;
    const defaultSiteId = (await this.#store.clickToChat.siteByPath('/'))?.id ?? null;
    for (const state of OPEN_STATES) {
      for (const session of await this.#store.sessionsInState(state)) {
        const siteId = session.siteId ?? defaultSiteId;
        if (!reaches(after, siteId) || (before && reaches(before, siteId))) continue;
        await this.#store.appendEvent(session.id, 'notice_published', this.#now(), { noticeId: after.id });
        this.#hub.toCustomer(session.id, { type: 'notice', sessionId: session.id, notice: after });
      }
    }
  }
}
