import { correlationId } from './internal-error.ts';

type Log = (...args: unknown[]) => void;

/**
 * The process-level last resort: an exception or rejection that escaped every
 * handler is logged with a correlation id and the process keeps serving.
 * Node's default (exit) would end every live session on the server for one
 * bad input; each socket handler answers its own errors, so anything that
 * reaches here is a bug to find in the log, not a reason to stop. Returns a
 * function that removes the handlers (for tests).
 */
export function installLastResort(log: Log = console.error, proc: NodeJS.Process = process): () => void {
  const onException = (err: unknown) => log(`[ref ${correlationId()}] uncaught exception (still serving):`, err);
  const onRejection = (reason: unknown) => log(`[ref ${correlationId()}] unhandled rejection (still serving):`, reason);
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}
