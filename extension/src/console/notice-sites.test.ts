import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS, type Site } from '@rs/protocol';
import { chosenSiteIds, noticeSitesText, siteLabel } from './notice-sites.ts';

const site = (id: string, name: string, path: string): Site => ({ id, name, path, settings: DEFAULT_SITE_SETTINGS });
const sites = [site('site-main-1', 'Support', '/'), site('site-it-01', 'IT desk', '/it')];

describe('notice sites in the console', () => {
  it('names where a notice shows', () => {
    expect(siteLabel(sites[1]!)).toBe('IT desk (/it)');
    expect(noticeSitesText({ siteIds: null }, sites)).toBe('All public sites');
    expect(noticeSitesText({ siteIds: ['site-it-01', 'site-main-1'] }, sites)).toBe('Support (/), IT desk (/it)');
    expect(noticeSitesText({ siteIds: [] }, sites)).toBe('No site');
    // A site the console does not know (deleted elsewhere) is not named.
    expect(noticeSitesText({ siteIds: ['site-gone-1'] }, sites)).toBe('No site');
  });

  it('turns the form choice into siteIds, refusing an empty choice', () => {
    expect(chosenSiteIds(true, ['site-it-01'], sites)).toEqual({ siteIds: null });
    expect(chosenSiteIds(false, ['site-it-01', 'site-gone-1'], sites)).toEqual({ siteIds: ['site-it-01'] });
    expect(chosenSiteIds(false, [], sites)).toEqual({ error: 'Choose at least one public site, or All public sites.' });
  });
});
