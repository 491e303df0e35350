import type { Config } from './config.ts';
import type { Store } from './store/store.ts';
import type { Hub } from './live/hub.ts';
import type { Sessions } from './sessions/service.ts';
import type { Elevation } from './elevation/service.ts';

/** What request handlers and routes may use; built once in app.ts. Features add their services here. */
export interface Services {
  config: Config & { publicUrl: string };
  store: Store;
  hub: Hub;
  sessions: Sessions;
  elevation: Elevation;
}
