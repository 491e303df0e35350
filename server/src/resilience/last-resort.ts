import type { Logger } from 'pino';
import { correlationId } from './internal-error.ts';
import { log } from '../observability/log.ts';

/**
 * The process-level last resort: an exception or rejection that escaped every
 * handler is logged with a correlation id and the process keeps serving.
 * Node's default (exit) would end every live session on the server for one
 * bad input; each socket handler answers its own errors, so anything that
 * reaches here is a bug to find in the log, not a reason to stop. Returns a
 * function that removes the handlers (for tests).
 */
export function installLastResort(logger: () => Pick<Logger, 'fatal'> = () => log.root, proc: NodeJS.Process = process): () => void {
  const onException = (err: unknown) => {
    const ref = correlationId();
    logger().fatal({ ref, err }, `uncaught exception, still serving (ref ${ref})`);
  };
  const onRejection = (reason: unknown) => {
    const ref = correlationId();
    logger().fatal({ ref, err: reason }, `unhandled rejection, still serving (ref ${ref})`);
  };
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}
