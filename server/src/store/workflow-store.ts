import type { ApiScope, Delivery, JournalEntry, Team } from '@rs/protocol';

/** Where a waiting session is routed: a rep's personal queue, a team's queue, or (neither) the general queue. */
export interface SessionRoute {
  sessionId: string;
  incident: string | null;
  personalRepId: string | null;
  teamId: string | null;
}

export interface SessionKeyRecord {
  id: string;
  codeHash: string;
  repId: string;
  incident: string;
  customerEmail: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  sessionId: string | null;
}

export interface IntegrationRecord {
  id: string;
  name: string;
  webhookUrl: string;
  /** Kept in clear: the server signs every delivery with it. */
  secret: string;
  createdAt: number;
}

export interface ApiTokenRecord {
  id: string;
  integrationId: string;
  tokenHash: string;
  name: string;
  scopes: ApiScope[];
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface HistoryQuery {
  incident?: string | undefined;
  customer?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  /** Only the sessions this representative may read (see `Store.access`); absent: all. */
  readerRepId?: string | undefined;
  limit: number;
}

/** The representative workflow's persistence; part of every Store (`store.workflow`). */
export interface WorkflowStore {
  /** Every representative, for transfer targets. */
  repDirectory(): Promise<{ id: string; displayName: string }[]>;
  createTeam(team: { id: string; name: string; createdAt: number }): Promise<void>;
  teams(): Promise<Team[]>;
  addTeamMember(teamId: string, repId: string): Promise<void>;

  setRoute(route: SessionRoute): Promise<void>;
  route(sessionId: string): Promise<SessionRoute | null>;
  /** The routes of these sessions (those that have one). */
  routes(sessionIds: readonly string[]): Promise<SessionRoute[]>;

  createKey(key: SessionKeyRecord): Promise<void>;
  keyById(id: string): Promise<SessionKeyRecord | null>;
  /** The newest key with this code hash, used or not. */
  keyByCodeHash(codeHash: string): Promise<SessionKeyRecord | null>;
  /** Marks a key used if it still is unused; false when another redemption got there first. */
  useKey(id: string, at: number): Promise<boolean>;
  setKeySession(id: string, sessionId: string): Promise<void>;

  appendJournal(entry: JournalEntry): Promise<void>;
  journal(incident: string): Promise<JournalEntry[]>;

  /** Closed sessions matching the query, newest first: their ids. */
  searchHistory(query: HistoryQuery): Promise<string[]>;

  createIntegration(integration: IntegrationRecord): Promise<void>;
  integrations(): Promise<IntegrationRecord[]>;
  integration(id: string): Promise<IntegrationRecord | null>;

  createDelivery(delivery: Delivery): Promise<void>;
  updateDelivery(id: string, patch: Partial<Omit<Delivery, 'id'>>): Promise<void>;
  delivery(id: string): Promise<Delivery | null>;
  /** Pending deliveries whose next attempt is due. */
  dueDeliveries(now: number, limit: number): Promise<Delivery[]>;
  /**
   * Takes a due delivery for one attempt: moves its next attempt to `leaseUntil` only if it is still pending and
   * due at `dueAt`. True for exactly one caller among nodes; if that node dies, the delivery is due again at `leaseUntil`.
   */
  claimDelivery(id: string, dueAt: number, leaseUntil: number): Promise<boolean>;
  deliveries(integrationId: string, limit: number): Promise<Delivery[]>;
  /** True when some integration has received this session's history. */
  isSynced(sessionId: string): Promise<boolean>;

  createApiToken(token: ApiTokenRecord): Promise<void>;
  apiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | null>;
  apiTokens(integrationId: string): Promise<ApiTokenRecord[]>;
  revokeApiToken(integrationId: string, id: string, at: number): Promise<boolean>;
}
