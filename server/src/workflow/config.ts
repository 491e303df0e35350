/** Settings of the representative workflow (keys, mail, webhooks), from environment variables documented in the README. */
export interface WorkflowConfig {
  sessionKeyTtlMs: number;
  /** Wrong session keys an address (or guesses at one key) may try within the lockout window before being locked out. */
  sessionKeyMaxGuesses: number;
  sessionKeyLockoutMs: number;
  /** nodemailer SMTP transport; null host means email is not configured. */
  smtp: { host: string | null; port: number; secure: boolean; user: string | null; password: string | null; from: string };
  webhookMaxAttempts: number;
  webhookRetryBaseMs: number;
  /** Secret for signed transcript/recording links; random per start when not set (links then die with a restart). */
  urlSigningSecret: string | null;
  signedUrlTtlMs: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

export function loadWorkflowConfig(env: NodeJS.ProcessEnv): WorkflowConfig {
  return {
    sessionKeyTtlMs: integer(env, 'SESSION_KEY_TTL_SECONDS', 600, 1) * 1_000,
    sessionKeyMaxGuesses: integer(env, 'SESSION_KEY_MAX_GUESSES', 5, 1),
    sessionKeyLockoutMs: integer(env, 'SESSION_KEY_LOCKOUT_MINUTES', 15, 1) * 60_000,
    smtp: {
      host: env.SMTP_HOST || null,
      port: integer(env, 'SMTP_PORT', 587, 1),
      secure: env.SMTP_SECURE === 'true',
      user: env.SMTP_USER || null,
      password: env.SMTP_PASSWORD || null,
      from: env.MAIL_FROM || 'Remote Support <support@localhost>',
    },
    webhookMaxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', 6, 1),
    webhookRetryBaseMs: integer(env, 'WEBHOOK_RETRY_BASE_MS', 2_000, 1),
    urlSigningSecret: env.URL_SIGNING_SECRET || null,
    signedUrlTtlMs: integer(env, 'SIGNED_URL_TTL_HOURS', 24 * 7, 1) * 3_600_000,
  };
}
