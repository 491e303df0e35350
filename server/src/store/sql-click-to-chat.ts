import { SiteSettingsSchema, type Notice, type Site } from '@rs/protocol';
import type { AvatarRecord, ClickToChatStore } from './click-to-chat-store.ts';
import { bool, json, type Row, type Sql } from './sql.ts';

const siteFrom = (r: Row): Site => ({
  id: String(r.id),
  name: String(r.name),
  path: String(r.path),
  // Parsed, not cast: a row written by another version still comes out whole.
  settings: SiteSettingsSchema.parse(json(r.settings)),
});

const noticeFrom = (r: Row): Notice => ({ id: String(r.id), title: String(r.title), text: String(r.text), active: bool(r.active) });

/** ClickToChatStore in portable SQL; shares the main store's driver. */
export class SqlClickToChatStore implements ClickToChatStore {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  #get(sql: string, ...params: unknown[]): Promise<Row | undefined> {
    return this.#sql.get(sql, params);
  }
  async #all(sql: string, ...params: unknown[]): Promise<Row[]> {
    return this.#sql.all(sql, params);
  }

  async createSite(site: Site, createdAt: number): Promise<void> {
    await this.#sql.run('INSERT INTO sites (id, name, path, settings, created_at) VALUES (?, ?, ?, ?, ?)', [site.id, site.name, site.path, JSON.stringify(site.settings), createdAt]);
  }

  async updateSite(site: Site): Promise<boolean> {
    return (await this.#sql.run('UPDATE sites SET name = ?, path = ?, settings = ? WHERE id = ?', [site.name, site.path, JSON.stringify(site.settings), site.id])) === 1;
  }

  async site(id: string): Promise<Site | null> {
    const r = await this.#get('SELECT * FROM sites WHERE id = ?', id);
    return r ? siteFrom(r) : null;
  }

  async siteByPath(path: string): Promise<Site | null> {
    const r = await this.#get('SELECT * FROM sites WHERE path = ?', path);
    return r ? siteFrom(r) : null;
  }

  async sites(): Promise<Site[]> {
    return (await this.#all('SELECT * FROM sites ORDER BY created_at, id')).map(siteFrom);
  }

  async createNotice(n: Notice, createdAt: number): Promise<void> {
    await this.#sql.run('INSERT INTO notices (id, title, text, active, created_at) VALUES (?, ?, ?, ?, ?)', [n.id, n.title, n.text, n.active, createdAt]);
  }

  async updateNotice(n: Notice): Promise<boolean> {
    return (await this.#sql.run('UPDATE notices SET title = ?, text = ?, active = ? WHERE id = ?', [n.title, n.text, n.active, n.id])) === 1;
  }

  async notice(id: string): Promise<Notice | null> {
    const r = await this.#get('SELECT * FROM notices WHERE id = ?', id);
    return r ? noticeFrom(r) : null;
  }

  async notices(activeOnly: boolean): Promise<Notice[]> {
    const rows = activeOnly
      ? await this.#all('SELECT * FROM notices WHERE active = ? ORDER BY created_at, id', true)
      : await this.#all('SELECT * FROM notices ORDER BY created_at, id');
    return rows.map(noticeFrom);
  }

  async saveSurvey(sessionId: string, answers: Record<string, number | string>, at: number): Promise<boolean> {
    return (await this.#sql.run('INSERT INTO survey_answers (session_id, answers, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [sessionId, JSON.stringify(answers), at])) === 1;
  }

  async survey(sessionId: string) {
    const r = await this.#get('SELECT * FROM survey_answers WHERE session_id = ?', sessionId);
    return r ? { answers: json<Record<string, number | string>>(r.answers), at: Number(r.at) } : null;
  }

  async setAvatar(repId: string, a: AvatarRecord): Promise<void> {
    await this.#sql.run(
      'INSERT INTO rep_avatars (rep_id, mime, data, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (rep_id) DO UPDATE SET mime = excluded.mime, data = excluded.data, updated_at = excluded.updated_at',
      [repId, a.mime, a.data, a.updatedAt],
    );
  }

  async avatar(repId: string): Promise<AvatarRecord | null> {
    const r = await this.#get('SELECT * FROM rep_avatars WHERE rep_id = ?', repId);
    return r ? { mime: String(r.mime), data: r.data as Uint8Array, updatedAt: Number(r.updated_at) } : null;
  }

  async recentHandleTimes(limit: number): Promise<number[]> {
    const rows = await this.#all(
      'SELECT ended_at - accepted_at AS t FROM sessions WHERE accepted_at IS NOT NULL AND ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT ?',
      limit,
    );
    return rows.map((r) => Number(r.t));
  }
}
