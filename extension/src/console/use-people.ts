import { useEffect, useState } from 'preact/hooks';
import type { PeopleResponse } from '@rs/protocol';
import { errorMessage } from '../lib/errors.ts';
import { listPeople } from '../lib/people-api.ts';
import type { StoredAuth } from './stored-auth.ts';

export interface PeopleData {
  data: PeopleResponse | null;
  /** Why the list could not be loaded. */
  error: string | null;
  refresh(): Promise<void>;
}

/** Representatives and teams for the admin's Settings; `refresh` after every change. */
export function usePeople(auth: StoredAuth, enabled: boolean): PeopleData {
  const [data, setData] = useState<PeopleResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () =>
    listPeople(auth).then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  useEffect(() => {
    if (enabled) void refresh();
  }, [enabled, auth.serverUrl, auth.token]);
  return { data, error, refresh };
}
