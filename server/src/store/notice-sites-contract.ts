import { expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS, type Notice } from '@rs/protocol';
import type { Store } from './store.ts';

const site = (id: string, path: string) => ({ id, name: id, path, settings: DEFAULT_SITE_SETTINGS });
const notice = (id: string, siteIds: string[] | null, active = true): Notice => ({ id, title: id, text: `${id} text`, active, siteIds });

/** Notices per public site: the part of the Store contract about which sites' customers see a notice. */
export function noticeSitesStoreContract(fresh: () => Promise<Store>): void {
  it('keeps each notice for every site or for a chosen set, and lists the ones a site sees', async () => {
    const { clickToChat: c } = await fresh();
    await c.createSite(site('site-main', '/'), 1);
    await c.createSite(site('site-it', '/it'), 2);
    await c.createSite(site('site-hr', '/hr'), 3);
    await c.createNotice(notice('n-all', null), 1);
    // Given out of creation order, and once twice: kept once each, in the sites' order.
    await c.createNotice(notice('n-it-hr', ['site-hr', 'site-it', 'site-hr']), 2);
    await c.createNotice(notice('n-main', ['site-main']), 3);
    await c.createNotice(notice('n-it-off', ['site-it'], false), 4);
    expect(await c.notice('n-it-hr')).toEqual(notice('n-it-hr', ['site-it', 'site-hr']));
    expect((await c.notice('n-all'))?.siteIds).toBeNull();
    expect((await c.notices(false)).map((n) => [n.id, n.siteIds])).toEqual([
      ['n-all', null],
      ['n-it-hr', ['site-it', 'site-hr']],
      ['n-main', ['site-main']],
      ['n-it-off', ['site-it']],
    ]);
    expect((await c.noticesForSite('site-main')).map((n) => n.id)).toEqual(['n-all', 'n-main']);
    expect((await c.noticesForSite('site-it')).map((n) => n.id)).toEqual(['n-all', 'n-it-hr']);
    expect((await c.noticesForSite('site-hr')).map((n) => n.id)).toEqual(['n-all', 'n-it-hr']);
    expect((await c.noticesForSite('site-gone')).map((n) => n.id)).toEqual(['n-all']);

    // Updating replaces the set: all sites -> one site, one site -> all sites.
    expect(await c.updateNotice(notice('n-all', ['site-hr']))).toBe(true);
    expect(await c.updateNotice(notice('n-main', null))).toBe(true);
    expect(await c.updateNotice(notice('nobody', null))).toBe(false);
    expect((await c.noticesForSite('site-main')).map((n) => n.id)).toEqual(['n-main']);
    expect((await c.noticesForSite('site-hr')).map((n) => n.id)).toEqual(['n-all', 'n-it-hr', 'n-main']);
    // An unknown site id is skipped, not stored.
    await c.createNotice(notice('n-ghost', ['site-ghost', 'site-it']), 5);
    expect((await c.notice('n-ghost'))?.siteIds).toEqual(['site-it']);
  });

  it('deleting a site takes it off notices; a notice left with no site reaches nobody; a site with sessions stays', async () => {
    const store = await fresh();
    const { clickToChat: c } = store;
    await c.createSite(site('site-main', '/'), 1);
    await c.createSite(site('site-it', '/it'), 2);
    await c.createSite(site('site-used', '/used'), 3);
    await c.createNotice(notice('n-both', ['site-main', 'site-it']), 1);
    await c.createNotice(notice('n-it', ['site-it']), 2);
    await store.createSession({
      id: 's-used', state: 'queued', customerName: 'Ada', customerTokenHash: 'hash', repId: null,
      createdAt: 1, queuedAt: 1, acceptedAt: null, endedAt: null, endReason: null, siteId: 'site-used', recordingAllowed: null,
    });

    expect(await c.deleteSite('site-it')).toBe('deleted');
    expect(await c.site('site-it')).toBeNull();
    expect((await c.notice('n-both'))?.siteIds).toEqual(['site-main']);
    expect(await c.notice('n-it')).toEqual(notice('n-it', []));
    expect((await c.noticesForSite('site-main')).map((n) => n.id)).toEqual(['n-both']);
    expect((await c.noticesForSite('site-it')).map((n) => n.id)).toEqual([]);

    expect(await c.deleteSite('site-it')).toBe('not_found');
    expect(await c.deleteSite('site-used')).toBe('in_use');
    expect((await c.siteByPath('/used'))?.id).toBe('site-used');
    // A new site at the deleted one's path inherits none of its notices.
    await c.createSite(site('site-it-2', '/it'), 4);
    expect((await c.noticesForSite('site-it-2')).map((n) => n.id)).toEqual([]);
  });
}
