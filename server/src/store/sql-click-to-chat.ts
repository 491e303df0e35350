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

const noticeFrom = (r: Row, siteIds: string[] | null): Notice => ({ id: String(r.id), title: String(r.title), text: String(r.text), active: bool(r.active), siteIds });

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

  async deleteSite(id: string): Promise<'deleted' | 'not_found' | 'in_use'> {
    return this.#sql.exclusive('notice-sites', async (sql) => {
      if (!(await sql.get('SELECT id FROM sites WHERE id = ?', [id]))) return 'not_found';
      if (await sql.get('SELECT id FROM sessions WHERE site_id = ? LIMIT 1', [id])) return 'in_use';
      await sql.run('DELETE FROM notice_sites WHERE site_id = ?', [id]);
      await sql.run('DELETE FROM sites WHERE id = ?', [id]);
      return 'deleted';
    });
  }

  async createNotice(n: Notice, createdAt: number): Promise<void> {
    await this.#sql.exclusive('notice-sites', async (sql) => {
      await sql.run('INSERT INTO notices (id, title, text, active, all_sites, created_at) VALUES (?, ?, ?, ?, ?, ?)', [n.id, n.title, n.text, n.active, n.siteIds === null, createdAt]);
      await this.#linkSites(sql, n);
    });
  }

  async updateNotice(n: Notice): Promise<boolean> {
    return this.#sql.exclusive('notice-sites', async (sql) => {
      const changed = await sql.run('UPDATE notices SET title = ?, text = ?, active = ?, all_sites = ? WHERE id = ?', [n.title, n.text, n.active, n.siteIds === null, n.id]);
      if (changed !== 1) return false;
      await sql.run('DELETE FROM notice_sites WHERE notice_id = ?', [n.id]);
      await this.#linkSites(sql, n);
      return true;
    });
  }

  async #linkSites(sql: Sql, n: Notice): Promise<void> {
    // INSERT ... SELECT: a site deleted meanwhile is skipped rather than failing the foreign key.
    for (const siteId of new Set(n.siteIds ?? [])) await sql.run('INSERT INTO notice_sites (notice_id, site_id) SELECT ?, id FROM sites WHERE id = ?', [n.id, siteId]);
  }

  async notice(id: string): Promise<Notice | null> {
    const r = await this.#get('SELECT * FROM notices WHERE id = ?', id);
    return r ? (await this.#withSites([r]))[0]! : null;
  }

  async notices(activeOnly: boolean): Promise<Notice[]> {
    const rows = activeOnly
      ? await this.#all('SELECT * FROM notices WHERE active = ? ORDER BY created_at, id', true)
      : await this.#all('SELECT * FROM notices ORDER BY created_at, id');
    return this.#withSites(rows);
  }

  async noticesForSite(siteId: string): Promise<Notice[]> {
    const rows = await this.#all(
      'SELECT * FROM notices WHERE active = ? AND (all_sites = ? OR id IN (SELECT notice_id FROM notice_sites WHERE site_id = ?)) ORDER BY created_at, id',
      true,
      true,
      siteId,
    );
    return this.#withSites(rows);
  }

  /** Notices with their site lists (in the sites' creation order), one query for all of them. */
  async #withSites(rows: Row[]): Promise<Notice[]> {
    const listed = rows.filter((r) => !bool(r.all_sites)).map((r) => String(r.id));
    const bySite = new Map<string, string[]>(listed.map((id) => [id, []]));
    if (listed.length > 0) {
      const links = await this.#all(
        `SELECT ns.notice_id, ns.site_id FROM notice_sites ns JOIN sites s ON s.id = ns.site_id WHERE ns.notice_id IN (${listed.map(() => '?').join(', ')}) ORDER BY s.created_at, s.id`,
        ...listed,
      );
      for (const l of links) bySite.get(String(l.notice_id))?.push(String(l.site_id));
    }
    return rows.map((r) => noticeFrom(r, bySite.get(String(r.id)) ?? null));
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

  async busyRepIds(repIds: readonly string[]): Promise<string[]> {
    const busy: string[] = [];
    // In slices: a bound-parameter list stays far below either database's limit.
    for (let i = 0; i < repIds.length; i += 500) {
      const slice = repIds.slice(i, i + 500);
      const rows = await this.#all(`SELECT DISTINCT rep_id FROM sessions WHERE rep_id IN (${slice.map(() => '?').join(', ')}) AND state = 'active'`, ...slice);
      busy.push(...rows.map((r) => String(r.rep_id)));
    }
    return busy;
  }
}
