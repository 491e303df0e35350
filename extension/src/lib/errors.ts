import { ProtocolError } from '@rs/protocol';
import { waitSentence } from './wait-sentence.ts';

/** The sentence to show a person for anything thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ProtocolError && error.code === 'rate_limited') return waitSentence(error.retryAfterMs);
  if (error instanceof ProtocolError || error instanceof Error) return error.message || 'Something went wrong.';
  return 'Something went wrong.';
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ProtocolError && error.code === 'unauthorized';
}
