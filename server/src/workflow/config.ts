import { boolean, integer } from '../env.ts';
/** Settings of the representative workflow (keys, mail, webhooks), from environment variables documented in the README. */
export interface WorkflowConfig {
  sessionKeyTtlMs: number;
  /** Wrong session keys an address may try, or wrong guesses near one key, within the window before waits (address) or a lock (key). */
  sessionKeyMaxGuesses: number;
  /** The window wrong guesses are counted in; also how long a key under attack stays locked. */
  sessionKeyLockoutMs: number;
  /** The longest wait an address is given after wrong keys (waits double from 1 s), so a shared proxy address is not locked for long. */
  sessionKeyAddressMaxWaitSeconds: number;
  /** Wrong keys from all addresses together within the window; past it only addresses without a wrong guess may try. */
  sessionKeyGlobalMaxGuesses: number;
  /** nodemailer SMTP transport; null host means email is not configured. */
  smtp: { host: string | null; port: number; secure: boolean; user: string | null; password: string | null; from: string };
  webhookMaxAttempts: number;
  webhookRetryBaseMs: number;
  /** Let webhooks go to loopback, private, link-local and other internal addresses (off: an admin account is no port scanner). */
  webhookAllowPrivate: boolean;
  /** Secret for signed transcript/recording links; random per start when not set (links then die with a restart). */
  urlSigningSecret: string | null;
  signedUrlTtlMs: number;
}

export function loadWorkflowConfig(env: NodeJS.ProcessEnv): WorkflowConfig {
  return {
    sessionKeyTtlMs: integer(env, 'SESSION_KEY_TTL_SECONDS', 600, 1) * 1_000,
    sessionKeyMaxGuesses: integer(env, 'SESSION_KEY_MAX_GUESSES', 5, 1),
    sessionKeyLockoutMs: integer(env, 'SESSION_KEY_LOCKOUT_MINUTES', 15, 1) * 60_000,
    sessionKeyAddressMaxWaitSeconds: integer(env, 'SESSION_KEY_ADDRESS_MAX_WAIT_SECONDS', 300, 1),
    sessionKeyGlobalMaxGuesses: integer(env, 'SESSION_KEY_GLOBAL_MAX_GUESSES', 100, 1),
    smtp: {
      host: env.SMTP_HOST || null,
      port: integer(env, 'SMTP_PORT', 587, 1, 65_535),
      secure: boolean(env, 'SMTP_SECURE', false),
      user: env.SMTP_USER || null,
      password: env.SMTP_PASSWORD || null,
      from: env.MAIL_FROM || 'Remote Support <support@localhost>',
    },
    webhookMaxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', 6, 1),
    webhookRetryBaseMs: integer(env, 'WEBHOOK_RETRY_BASE_MS', 2_000, 1),
    webhookAllowPrivate: boolean(env, 'WEBHOOK_ALLOW_PRIVATE', false),
    urlSigningSecret: env.URL_SIGNING_SECRET || null,
    signedUrlTtlMs: integer(env, 'SIGNED_URL_TTL_HOURS', 24 * 7, 1) * 3_600_000,
  };
}
