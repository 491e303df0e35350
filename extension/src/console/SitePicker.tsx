import { useId } from 'preact/hooks';
import type { Site } from '@rs/protocol';
import { siteLabel } from './notice-sites.ts';
import { t } from '../i18n/index.ts';

export interface SiteChoice {
  all: boolean;
  siteIds: string[];
}

interface SitePickerProps {
  legend: string;
  sites: Site[];
  value: SiteChoice;
  onChange: (value: SiteChoice) => void;
  /** Appended to every checkbox's name when several pickers share a page (" for VPN outage"). */
  nameSuffix?: string;
}

/** "All public sites", or a checkbox per site (shown once All is unticked). */
export function SitePicker({ legend, sites, value, onChange, nameSuffix = '' }: SitePickerProps) {
  const legendId = useId();
  const toggle = (id: string, on: boolean) => onChange({ ...value, siteIds: on ? [...value.siteIds, id] : value.siteIds.filter((s) => s !== id) });
  return (
    <fieldset class="stack" aria-labelledby={legendId}>
      <legend id={legendId}>{legend}</legend>
      <label class="check">
        <input type="checkbox" checked={value.all} onChange={(e) => onChange({ ...value, all: e.currentTarget.checked })} />
        {t('admin.allSites')}
        {nameSuffix}
      </label>
      {!value.all &&
        sites.map((s) => (
          <label class="check" key={s.id}>
            <input type="checkbox" checked={value.siteIds.includes(s.id)} onChange={(e) => toggle(s.id, e.currentTarget.checked)} />
            {siteLabel(s)}
            {nameSuffix}
          </label>
        ))}
    </fieldset>
  );
}
