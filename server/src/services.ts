import type { Config } from './config.ts';
import type { Store } from './store/store.ts';
import type { Hub } from './live/hub.ts';
import type { Sessions } from './sessions/service.ts';
import type { Permissions } from './permissions/service.ts';
import type { Recordings } from './recordings/service.ts';
import type { ClickToChat } from './click-to-chat/service.ts';
import type { Elevation } from './elevation/service.ts';
import type { FileTransfers } from './files/service.ts';
import type { Counters } from './limits/limiter.ts';
import type { Bus } from './cluster/bus.ts';
import type { Metrics } from './observability/metrics.ts';

/** What request handlers and routes may use; built once in app.ts. Features add their services here. */
export interface Services {
  config: Config & { publicUrl: string };
  store: Store;
  hub: Hub;
  sessions: Sessions;
  /** Who may view, control, move files: server state, checked by every feature that needs it. */
  permissions: Permissions;
  recordings: Recordings;
  clickToChat: ClickToChat;
  elevation: Elevation;
  /** File transfer state and the relay's temporary files. */
  files: FileTransfers;
  /** Rate limits and throttles: every counter goes through this, so a shared store can hold them for several nodes. */
  counters: Counters;
  /** Fan-out between server nodes (in process by default, Redis pub/sub with REDIS_URL). */
  bus: Bus;
  /** This node's Prometheus metrics: features count what they do here. */
  metrics: Metrics;
}
