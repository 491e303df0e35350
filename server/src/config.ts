import { resolve } from 'node:path';
import { extensionIdentity, type ExtensionIdentity } from '@rs/protocol';
import { loadWorkflowConfig, type WorkflowConfig } from './workflow/config.ts';
import { z } from 'zod';
import { PeerCredentialsSchema } from '@rs/protocol';
import { ConfigError, integer, withoutPassword } from './env.ts';
import { loadObservabilityConfig, type ObservabilityConfig } from './observability/config.ts';
import { customerExtensionUrl } from './elevation/config.ts';
import { loadSecurityConfig, type SecurityConfig } from './hygiene/config.ts';
import { loadLimitsConfig, type LimitsConfig } from './limits/config.ts';
import { loadThrottleConfig, type ThrottleConfig } from './throttle/config.ts';
import { loadClusterConfig, type ClusterConfig } from './cluster/config.ts';
import { defaultMaxPeers } from './peer/descriptors.ts';

/** Server settings, all from environment variables (documented in the README). */
export interface Config {
  host: string;
  port: number;
  /** The URL customers and representatives use; null (with PORT=0) means the address the server binds, with its real port. */
  publicUrl: string | null;
  dataDir: string;
  databaseFile: string;
  /** PostgreSQL (postgres:// or postgresql://) instead of the SQLite file; null keeps SQLite. */
  databaseUrl: string | null;
  /** Most PostgreSQL connections this server opens. */
  databasePoolSize: number;
  adminUsername: string;
  adminPassword: string | null;
  /** Extra origins allowed to open sockets and call the API, besides the two extensions and the server itself. */
  extraOrigins: string[];
  /** How long a customer whose connection dropped has to come back (a reload) before the session ends. */
  customerGraceMs: number;
  repTokenTtlMs: number;
  /** ICE servers handed to peers (JSON array); empty means host candidates only. */
  iceServers: { urls: string | string[]; username?: string; credential?: string }[];
  /** TURN REST API: the secret shared with the TURN server, its URLs, and how long issued credentials last. */
  turnSecret: string | null;
  turnUrls: string[];
  turnTtlSeconds: number;
  /** Where recordings are kept (local disk). */
  recordingsDir: string;
  /** Where the built helper installers are (`<dir>/<os>/<file>`), served at /api/installers/:os. */
  installersDir: string;
  /** Session keys, SMTP, ITSM webhooks. */
  workflow: WorkflowConfig;
  /** Largest file a transfer may carry (peer to peer or relayed). */
  fileMaxBytes: number;
  /** Where relayed files wait for their download (deleted after it, or when the session ends). */
  fileRelayDir: string;
  /** Where the web chat sends a customer to install the customer extension (elevation). */
  customerExtensionUrl: string;
  /** The extensions' ids (CUSTOMER_EXTENSION_IDS, CONSOLE_EXTENSION_IDS, CUSTOMER_GECKO_ID): the origin allow-list and the elevation check. */
  extensions: ExtensionIdentity;
  /** Response headers (FRAME_ANCESTORS). */
  security: SecurityConfig;
  /** Chat rates, transcript length, sockets per party, buffered bytes, relayed bytes. */
  limits: LimitsConfig;
  /** TRUST_PROXY and the throttles on sign-in, intake, relay uploads and API tokens. */
  throttle: ThrottleConfig;
  /** REDIS_URL (several nodes on one database), presence TTL, sweep interval. */
  cluster: ClusterConfig;
  /** Most PeerJS peers this process accepts (PEER_MAX_PEERS); by default what its descriptors allow. */
  peerMaxPeers: number;
  /** LOG_LEVEL, LOG_FORMAT and who may read /metrics (METRICS_TOKEN). */
  observability: ObservabilityConfig;
}

/** The wire's RTCIceServer shape, strict here: a misspelt key (`url`, `usernme`) is an operator's typo, not something to drop. */
const IceUrlSchema = z.string().regex(/^(stuns?|turns?):\S+$/);
const IceServersSchema = z.array(
  z.strictObject({ ...PeerCredentialsSchema.shape.iceServers.element.shape, urls: z.union([IceUrlSchema, z.array(IceUrlSchema).min(1)]) }),
);
const ICE_EXPECTED = 'a JSON array of RTCIceServer objects such as [{"urls":"stun:stun.example.com:3478"}] (keys urls, username, credential; URLs stun:, stuns:, turn: or turns:)';

/** TURN passwords are not repeated in an error message. */
const hideCredentials = (raw: string) => raw.replace(/("credential"\s*:\s*)"(?:[^"\\]|\\.)*"/g, '$1"***"');

function iceServers(raw: string | undefined): Config['iceServers'] {
  if (!raw?.trim()) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('ICE_SERVERS', hideCredentials(raw), `${ICE_EXPECTED}, but it is not JSON`);
  }
  const result = IceServersSchema.safeParse(parsed);
  if (!result.success) {
    // A misspelt key explains the rest (`url` instead of `urls` also leaves urls missing): name it first.
    const issue = result.error.issues.find((i) => i.code === 'unrecognized_keys') ?? result.error.issues[0];
    const where = issue?.path.length ? `at ${issue.path.join('.')}` : 'at the top';
    throw new ConfigError('ICE_SERVERS', hideCredentials(raw), `${ICE_EXPECTED} (${where}: ${issue?.message ?? 'invalid'})`);
  }
  return result.data;
}

function databaseUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  if (!/^postgres(ql)?:\/\//i.test(raw)) throw new ConfigError('DATABASE_URL', withoutPassword(raw), 'a PostgreSQL URL (postgres://... or postgresql://...), or nothing for SQLite');
  return raw;
}

function publicUrlOf(raw: string | undefined, port: number): string | null {
  if (!raw) return port === 0 ? null : `http://localhost:${port}`;
  const trimmed = raw.replace(/\/+$/, '');
  const url = URL.canParse(trimmed) ? new URL(trimmed) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new ConfigError('PUBLIC_URL', raw, 'an http:// or https:// URL such as https://help.example.com');
  return trimmed;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, 'PORT', 8080, 0, 65_535);
  const host = env.HOST || '127.0.0.1';
  const dataDir = resolve(env.DATA_DIR || 'data');
  const extensions = extensionIdentity(env);
  const publicUrl = publicUrlOf(env.PUBLIC_URL, port);
  return {
    host,
    port,
    publicUrl,
    dataDir,
    databaseFile: env.DATABASE_FILE || resolve(dataDir, 'remote-support.sqlite'),
    databaseUrl: databaseUrl(env.DATABASE_URL),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1),
    adminUsername: env.ADMIN_USERNAME || 'admin',
    adminPassword: env.ADMIN_PASSWORD || null,
    extraOrigins: (env.ALLOWED_ORIGINS || '').split(',').map((s) => s.trim()).filter(Boolean),
    customerGraceMs: integer(env, 'CUSTOMER_GRACE_MS', 15_000),
    repTokenTtlMs: integer(env, 'REP_TOKEN_TTL_HOURS', 12, 1) * 3_600_000,
    iceServers: iceServers(env.ICE_SERVERS),
    turnSecret: env.TURN_SECRET || null,
    turnUrls: (env.TURN_URLS || '').split(',').map((s) => s.trim()).filter(Boolean),
    turnTtlSeconds: integer(env, 'TURN_TTL_SECONDS', 3600, 60),
    recordingsDir: env.RECORDINGS_DIR ? resolve(env.RECORDINGS_DIR) : resolve(dataDir, 'recordings'),
    installersDir: resolve(env.INSTALLERS_DIR || 'installers/dist'),
    workflow: loadWorkflowConfig(env),
    fileMaxBytes: integer(env, 'FILE_MAX_BYTES', 100 * 1024 * 1024, 1),
    fileRelayDir: env.FILE_RELAY_DIR ? resolve(env.FILE_RELAY_DIR) : resolve(dataDir, 'transfers'),
    customerExtensionUrl: customerExtensionUrl(env, extensions),
    extensions,
    security: loadSecurityConfig(env),
    limits: loadLimitsConfig(env),
    throttle: loadThrottleConfig(env),
    cluster: loadClusterConfig(env),
    peerMaxPeers: integer(env, 'PEER_MAX_PEERS', defaultMaxPeers(), 1),
    observability: loadObservabilityConfig(env),
  };
}
