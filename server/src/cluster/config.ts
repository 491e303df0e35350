import { ConfigError, integer, withoutPassword } from '../env.ts';

/** Running several server nodes on one database: REDIS_URL and the presence and sweep timings (README). */
export interface ClusterConfig {
  /** Redis for the bus, presence and counters (redis://, rediss:// or a unix socket path); null: this process alone. */
  redisUrl: string | null;
  /** How long a node's connections count after its last heartbeat (a killed node's customers get their grace after it). */
  presenceTtlMs: number;
  /** How often each node looks for expired absence deadlines and dead nodes' presence. */
  sweepMs: number;
}

function redisUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  if (!/^rediss?:\/\//i.test(raw) && !raw.startsWith('/')) throw new ConfigError('REDIS_URL', withoutPassword(raw), 'a redis:// or rediss:// URL or the absolute path of a unix socket');
  return raw;
}

export function loadClusterConfig(env: NodeJS.ProcessEnv): ClusterConfig {
  return {
    redisUrl: redisUrl(env.REDIS_URL),
    presenceTtlMs: integer(env, 'PRESENCE_TTL_MS', 5_000, 300),
    sweepMs: integer(env, 'CLUSTER_SWEEP_MS', 1_000, 50),
  };
}
