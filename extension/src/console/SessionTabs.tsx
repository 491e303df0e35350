import type { OpenSession } from './console-state.ts';
import { t } from '../i18n/index.ts';

interface SessionTabsProps {
  sessions: readonly OpenSession[];
  selectedId: string | null;
  panelId: string;
  onSelect: (sessionId: string) => void;
}

/** Switches between the rep's open sessions, by customer name. */
export function SessionTabs({ sessions, selectedId, panelId, onSelect }: SessionTabsProps) {
  return (
    <div class="tabs" role="tablist" aria-label={t('console.openSessions')}>
      {sessions.map(({ session }) => {
        const selected = session.id === selectedId;
        return (
          <button
            key={session.id}
            type="button"
            role="tab"
            class={session.state === 'closed' ? 'tab tab--closed' : 'tab'}
            aria-selected={selected}
            aria-controls={panelId}
            tabIndex={selected ? 0 : -1}
            onClick={() => onSelect(session.id)}
          >
            {session.customerName}
          </button>
        );
      })}
    </div>
  );
}
