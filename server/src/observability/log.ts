import pino, { type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
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

/**
 * One root logger for the life of the process, writing through a destination that can be swapped: pino-http
 * takes its logger when the server starts, and a test that captures lines later must still see its lines.
 */
const stdout = pino.destination({ dest: 1, sync: true });
let destination: DestinationStream = stdout;
const root: Logger = pino(
  {
    level: initialLevel(),
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err },
  },
  { write: (line: string) => void destination.write(line) },
);

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

/** Called once by the composition root with LOG_LEVEL and LOG_FORMAT (pretty: one readable line per event, for a terminal). */
export function configureLogging(level: LogLevel, format: 'json' | 'pretty' = 'json'): Logger {
  root.level = level;
  if (format === 'pretty') {
    const pretty = prettyFactory({ colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' });
    destination = { write: (line: string) => void stdout.write(pretty(line)) };
  } else destination = stdout;
  return root;
}

/**
 * Test helper: every line logged until `restore()`, parsed, at `level` and above (child loggers made before,
 * such as a socket's, keep the level they were made with).
 */
export function captureLogs(level: LogLevel = 'debug'): { lines: Record<string, unknown>[]; restore(): void } {
  const before = { destination, level: root.level };
  const lines: Record<string, unknown>[] = [];
  destination = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
  root.level = level;
  return {
    lines,
    restore: () => {
      destination = before.destination;
      root.level = before.level;
    },
  };
}
