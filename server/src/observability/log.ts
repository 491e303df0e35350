import { pino, type DestinationStream, type Logger } from 'pino';
import { LOG_LEVELS, type LogLevel } from './config.ts';

/**
 * The server's one logger: JSON lines on stdout (pino), one object per event with `level` (a name), `time`
 * (ISO 8601), `msg` and the event's fields. The composition root sets its level from LOG_LEVEL; until then
 * it follows LOG_LEVEL, or is silent under vitest so tests of in-process servers stay quiet (a server started
 * as its own process by a test still logs, to the pipe the test reads).
 */
function initialLevel(): LogLevel {
  const env = process.env.LOG_LEVEL?.trim().toLowerCase();
  if (env && (LOG_LEVELS as readonly string[]).includes(env)) return env as LogLevel;
  return process.env.VITEST ? 'silent' : 'info';
}

function make(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err },
  };
  return destination ? pino(options, destination) : pino(options);
}

let root: Logger = make(initialLevel());

/** Logs through whichever logger is current (so a test that captures lines sees what modules log). */
export const log = {
  get fatal() { return root.fatal.bind(root); },
  get error() { return root.error.bind(root); },
  get warn() { return root.warn.bind(root); },
  get info() { return root.info.bind(root); },
  get debug() { return root.debug.bind(root); },
  /** The current logger itself, for pino-http and per-socket children. */
  get root(): Logger { return root; },
};

/** Called once by the composition root with LOG_LEVEL. */
export function configureLogging(level: LogLevel, destination?: DestinationStream): Logger {
  root = make(level, destination);
  return root;
}

/** Test helper: every line logged until `restore()`, parsed, at `level` and above. */
export function captureLogs(level: LogLevel = 'debug'): { lines: Record<string, unknown>[]; restore(): void } {
  const before = root;
  const lines: Record<string, unknown>[] = [];
  root = make(level, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { lines, restore: () => void (root = before) };
}
