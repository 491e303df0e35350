import { randomBytes } from 'node:crypto';

/** A short random reference that ties a log line to the error the extension saw. */
export const correlationId = (): string => randomBytes(6).toString('hex');

/** Describes a thrown value for the log without trusting it (its own toString may throw). */
export function describeError(error: unknown): string {
  try {
    return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  } catch {
    return '(an error that cannot be described)';
  }
}

/**
 * The host's last resort: an exception or rejection that escaped the
 * dispatcher is logged with a correlation id and the host reads on. Exiting
 * would drop the customer's session control and leave no trace but an exit
 * code; stdout stays the protocol's, so this only writes to the log.
 */
export function installLastResort(log: (line: string) => void, proc: NodeJS.Process = process): void {
  proc.on('uncaughtException', (error) => log(`[ref ${correlationId()}] uncaught exception (host goes on): ${describeError(error)}`));
  proc.on('unhandledRejection', (reason) => log(`[ref ${correlationId()}] unhandled rejection (host goes on): ${describeError(reason)}`));
}
