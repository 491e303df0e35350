/**
 * A setting that cannot be used: one sentence naming the variable, the value given and what is expected, so
 * the operator fixes it from the message alone (the composition root prints it without a stack trace).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly variable: string;
  constructor(variable: string, value: string, expected: string) {
    super(`${variable}=${JSON.stringify(value)} is not accepted: expected ${expected}.`);
    this.variable = variable;
  }
}

/** A URL's password (DATABASE_URL, REDIS_URL) is not repeated in an error message. */
export function withoutPassword(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@/\s]*@/i, '$1:***@');
}

/** An integer setting from `min` to `max`, with a clear error for anything else. */
export function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.trim());
  if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(name, raw, max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`);
  return n;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** A yes/no setting: true/1/yes/on or false/0/no/off (any case); anything else is refused, never read as false. */
export function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new ConfigError(name, raw, 'true or false (also 1/0, yes/no, on/off)');
}
