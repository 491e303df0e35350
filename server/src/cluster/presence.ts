/** Who is connected to this node, as the hub knows it: what a heartbeat refreshes. */
export interface LocalParties {
  repIds: string[];
  /** Sessions whose customer has a connection here. */
  sessionIds: string[];
}

/**
 * Who is connected anywhere in the cluster. A node reports its own parties
 * as they come and go (in order); every node may ask about all of them. A
 * node that stops without saying so (killed, cut off) drops out once its
 * entries are not refreshed for the TTL, and some node's `sweep` finds them.
 */
export interface Presence {
  /** Starts refreshing this node's entries from `local` (a heartbeat). */
  start(local: () => LocalParties): Promise<void>;
  /** This node now has (present) or no longer has a connection of this rep or this session's customer. */
  set(kind: 'rep' | 'customer', key: string, present: boolean): Promise<void>;
  /** Representatives with a connection on some live node. */
  repIds(): Promise<string[]>;
  customerOnline(sessionId: string): Promise<boolean>;
  /**
   * Removes entries whose node stopped refreshing them; each is handed to
   * exactly one sweeping node, which is told the reps and sessions it removed.
   */
  sweep(): Promise<{ repIds: string[]; sessionIds: string[] }>;
  close(): Promise<void>;
}
