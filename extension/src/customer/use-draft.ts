import { useCallback, useEffect, useState } from 'preact/hooks';
import { loadDraft, saveDraft } from '../lib/local-db.ts';

/** The unsent message of a session, kept in IndexedDB (Dexie) so that a reload or a lost connection keeps it. */
export function useDraft(sessionId: string): { loaded: boolean; text: string; save: (text: string) => void } {
  const [state, setState] = useState<{ loaded: boolean; text: string }>({ loaded: false, text: '' });
  useEffect(() => {
    let live = true;
    void loadDraft(sessionId).then((text) => live && setState({ loaded: true, text }));
    return () => {
      live = false;
    };
  }, [sessionId]);
  const save = useCallback((text: string) => void saveDraft(sessionId, text).catch(() => {}), [sessionId]);
  return { ...state, save };
}
