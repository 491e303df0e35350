import type { Notice, Site, SiteSettings } from '@rs/protocol';

export interface AvatarRecord {
  mime: string;
  data: Uint8Array;
  updatedAt: number;
}

/** Storage for click-to-chat: public sites and their settings, customer notices, exit survey answers, avatars. */
export interface ClickToChatStore {
  createSite(site: Site, createdAt: number): Promise<void>;
  /** Replaces name, path and settings; false when there is no such site. */
  updateSite(site: Site): Promise<boolean>;
  site(id: string): Promise<Site | null>;
  siteByPath(path: string): Promise<Site | null>;
  /** Oldest first. */
  sites(): Promise<Site[]>;

  /**
   * Removes a site and takes it off every notice's site list. `in_use` (nothing
   * changed) while sessions started on it: their history keeps naming it.
   */
  deleteSite(id: string): Promise<'deleted' | 'not_found' | 'in_use'>;

  /** Site ids in `siteIds` that name no existing site are skipped; callers check them first. */
  createNotice(notice: Notice, createdAt: number): Promise<void>;
  /** Replaces title, text, active and sites; false when there is no such notice. */
  updateNotice(notice: Notice): Promise<boolean>;
  notice(id: string): Promise<Notice | null>;
  /** Oldest first; only active ones when `activeOnly`. */
  notices(activeOnly: boolean): Promise<Notice[]>;
  /** Active notices the customers of one site see (those for every site and those listing it), oldest first. */
  noticesForSite(siteId: string): Promise<Notice[]>;

  /** Stores a session's survey answers once; false when it already has some. */
  saveSurvey(sessionId: string, answers: Record<string, number | string>, at: number): Promise<boolean>;
  survey(sessionId: string): Promise<{ answers: Record<string, number | string>; at: number } | null>;

  setAvatar(repId: string, avatar: AvatarRecord): Promise<void>;
  avatar(repId: string): Promise<AvatarRecord | null>;

  /** Handle times (accepted to ended, ms) of the most recently ended sessions a representative served. */
  recentHandleTimes(limit: number): Promise<number[]>;
  /** Which of these representatives serve at least one active session (one index lookup per representative, not a read of every active session). */
  busyRepIds(repIds: readonly string[]): Promise<string[]>;
}

export type { SiteSettings };
