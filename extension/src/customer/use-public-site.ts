import { useCallback, useEffect, useState } from 'preact/hooks';
import type { PublicSiteResponse } from '@rs/protocol';
import { publicSite } from '../lib/click-to-chat-api.ts';
import { errorMessage } from '../lib/errors.ts';

export interface PublicSiteState {
  site: PublicSiteResponse | null;
  error: string | null;
  /** Fetches afresh (representatives come and go) and returns the answer. */
  reload(): Promise<PublicSiteResponse>;
}

/** The public site's settings, active notices and how many representatives are signed in. */
export function usePublicSite(serverUrl: string | null, path: string): PublicSiteState {
  const [site, setSite] = useState<PublicSiteResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    if (serverUrl === null) throw new Error('the support server is not known yet');
    try {
      const answer = await publicSite({ serverUrl }, path);
      setSite(answer);
      setError(null);
      return answer;
    } catch (e) {
      setError(errorMessage(e));
      throw e;
    }
  }, [serverUrl, path]);
  useEffect(() => {
    setSite(null);
    if (serverUrl !== null) reload().catch(() => {});
  }, [reload, serverUrl]);
  return { site, error, reload };
}
