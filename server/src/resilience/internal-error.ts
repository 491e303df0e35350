import { randomBytes } from 'node:crypto';
import type { WireError } from '@rs/protocol';
import type { Logger } from 'pino';
import { log } from '../observability/log.ts';

/** A short random reference that ties a log line to the answer a user saw. */
export const correlationId = (): string => randomBytes(6).toString('hex');

/**
 * Logs an unexpected failure under a fresh correlation id and returns the
 * `internal` wire error that quotes it: the answer leaks nothing of the
 * failure, and a user's report ("ref 8f3a...") finds the log line.
 */
export function internalError(context: string, err: unknown, logger: Pick<Logger, 'error'> = log.root): WireError & { code: 'internal' } {
  const ref = correlationId();
  logger.error({ ref, err }, `${context} failed (ref ${ref})`);
  return { code: 'internal', message: `internal error (ref ${ref})` };
}
