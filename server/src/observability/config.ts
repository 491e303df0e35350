import { ConfigError } from '../env.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Logs and metrics settings (README, docs/PRODUCTION.md). */
export interface ObservabilityConfig {
  /** LOG_LEVEL: the least severe JSON log line written to stdout. */
  logLevel: LogLevel;
  /** LOG_FORMAT: JSON lines, or pretty lines for a person at a terminal; null: pretty when stdout is a terminal. */
  logFormat: 'json' | 'pretty' | null;
  /** METRICS_TOKEN: the bearer token that reads /metrics from anywhere; null: loopback only, and not through a proxy. */
  metricsToken: string | null;
}

export function loadObservabilityConfig(env: NodeJS.ProcessEnv): ObservabilityConfig {
  const level = (env.LOG_LEVEL?.trim() || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new ConfigError('LOG_LEVEL', env.LOG_LEVEL ?? '', `one of ${LOG_LEVELS.join(', ')}`);
  const format = env.LOG_FORMAT?.trim().toLowerCase() || null;
  if (format !== null && format !== 'json' && format !== 'pretty') throw new ConfigError('LOG_FORMAT', env.LOG_FORMAT ?? '', 'json or pretty');
  const token = env.METRICS_TOKEN?.trim() || null;
  // A short token is guessable by a scraper of our own port; a long random one costs nothing.
  if (token !== null && (token.length < 16 || /\s/.test(token))) throw new ConfigError('METRICS_TOKEN', '***', 'at least 16 characters without spaces (openssl rand -hex 24)');
  return { logLevel: level as LogLevel, logFormat: format, metricsToken: token };
}
