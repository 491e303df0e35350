import { ProtocolError } from '@rs/protocol';
import { waitSentence } from './wait-sentence.ts';

/** The sentence to show a person for anything thrown. */
export function errorMessage(error: unknown): string {
  // A bound the server keeps (transcript lines, relayed bytes): its message says which; retrying will not help.
  if (error instanceof ProtocolError && error.code === 'limit_reached') return error.message || 'This has reached the limit the server allows.';
  if (error instanceof ProtocolError && error.code === 'rate_limited') return waitSentence(error.retryAfterMs);
  if (error instanceof ProtocolError || error instanceof Error) return error.message || 'Something went wrong.';
  return 'Something went wrong.';
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ProtocolError && error.code === 'unauthorized';
}
