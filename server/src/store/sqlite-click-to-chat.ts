import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { SiteSettingsSchema, type Notice, type Site } from '@rs/protocol';
import type { AvatarRecord, ClickToChatStore } from './click-to-chat-store.ts';

type Row = Record<string, SQLInputValue>;

const siteFrom = (r: Row): Site => ({
  id: String(r.id),
  name: String(r.name),
  path: String(r.path),
  // Parsed, not cast: a row written by another version still comes out whole.
  settings: SiteSettingsSchema.parse(JSON.parse(String(r.settings))),
});

const noticeFrom = (r: Row): Notice => ({ id: String(r.id), title: String(r.title), text: String(r.text), active: Number(r.active) === 1 });

/** The SQLite side of ClickToChatStore; shares the main store's connection. */
export class SqliteClickToChatStore implements ClickToChatStore {
  readonly #db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  #get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.#db.prepare(sql).get(...params) as Row | undefined;
  }
  #all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.#db.prepare(sql).all(...params) as Row[];
  }

  async createSite(site: Site, createdAt: number): Promise<void> {
    this.#db
      .prepare('INSERT INTO sites (id, name, path, settings, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(site.id, site.name, site.path, JSON.stringify(site.settings), createdAt);
  }

  async updateSite(site: Site): Promise<boolean> {
    const r = this.#db.prepare('UPDATE sites SET name = ?, path = ?, settings = ? WHERE id = ?').run(site.name, site.path, JSON.stringify(site.settings), site.id);
    return Number(r.changes) === 1;
  }

  async site(id: string): Promise<Site | null> {
    const r = this.#get('SELECT * FROM sites WHERE id = ?', id);
    return r ? siteFrom(r) : null;
  }

  async siteByPath(path: string): Promise<Site | null> {
    const r = this.#get('SELECT * FROM sites WHERE path = ?', path);
    return r ? siteFrom(r) : null;
  }

  async sites(): Promise<Site[]> {
    return this.#all('SELECT * FROM sites ORDER BY created_at, id').map(siteFrom);
  }

  async createNotice(n: Notice, createdAt: number): Promise<void> {
    this.#db.prepare('INSERT INTO notices (id, title, text, active, created_at) VALUES (?, ?, ?, ?, ?)').run(n.id, n.title, n.text, n.active ? 1 : 0, createdAt);
  }

  async updateNotice(n: Notice): Promise<boolean> {
    const r = this.#db.prepare('UPDATE notices SET title = ?, text = ?, active = ? WHERE id = ?').run(n.title, n.text, n.active ? 1 : 0, n.id);
    return Number(r.changes) === 1;
  }

  async notice(id: string): Promise<Notice | null> {
    const r = this.#get('SELECT * FROM notices WHERE id = ?', id);
    return r ? noticeFrom(r) : null;
  }

  async notices(activeOnly: boolean): Promise<Notice[]> {
    return this.#all(`SELECT * FROM notices ${activeOnly ? 'WHERE active = 1' : ''} ORDER BY created_at, id`).map(noticeFrom);
  }

  async saveSurvey(sessionId: string, answers: Record<string, number | string>, at: number): Promise<boolean> {
    const r = this.#db.prepare('INSERT INTO survey_answers (session_id, answers, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(sessionId, JSON.stringify(answers), at);
    return Number(r.changes) === 1;
  }

  async survey(sessionId: string) {
    const r = this.#get('SELECT * FROM survey_answers WHERE session_id = ?', sessionId);
    return r ? { answers: JSON.parse(String(r.answers)) as Record<string, number | string>, at: Number(r.at) } : null;
  }

  async setAvatar(repId: string, a: AvatarRecord): Promise<void> {
    this.#db
      .prepare('INSERT INTO rep_avatars (rep_id, mime, data, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (rep_id) DO UPDATE SET mime = excluded.mime, data = excluded.data, updated_at = excluded.updated_at')
      .run(repId, a.mime, a.data, a.updatedAt);
  }

  async avatar(repId: string): Promise<AvatarRecord | null> {
    const r = this.#get('SELECT * FROM rep_avatars WHERE rep_id = ?', repId);
    return r ? { mime: String(r.mime), data: r.data as Uint8Array, updatedAt: Number(r.updated_at) } : null;
  }

  async recentHandleTimes(limit: number): Promise<number[]> {
    return this.#all(
      'SELECT ended_at - accepted_at AS t FROM sessions WHERE accepted_at IS NOT NULL AND ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT ?',
      limit,
    ).map((r) => Number(r.t));
  }
}
