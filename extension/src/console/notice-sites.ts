import type { Notice, Site } from '@rs/protocol';
import { t } from '../i18n/index.ts';

/** A site as the notice form and list name it. */
export const siteLabel = (site: Pick<Site, 'name' | 'path'>): string => `${site.name} (${site.path})`;

/** Where a notice shows, in words: every site, the sites it lists (in the given order), or none. */
export function noticeSitesText(notice: Pick<Notice, 'siteIds'>, sites: readonly Site[]): string {
  if (notice.siteIds === null) return t('admin.allSites');
  const names = sites.filter((s) => notice.siteIds!.includes(s.id)).map(siteLabel);
  return names.length === 0 ? t('admin.noSite') : names.join(', ');
}

/** The form's choice as `NoticeInput.siteIds`, or the sentence to show when nothing is chosen. */
export function chosenSiteIds(all: boolean, chosen: readonly string[], sites: readonly Site[]): { siteIds: string[] | null } | { error: string } {
  if (all) return { siteIds: null };
  const ids = sites.filter((s) => chosen.includes(s.id)).map((s) => s.id);
  return ids.length > 0 ? { siteIds: ids } : { error: t('admin.chooseSite') };
}
