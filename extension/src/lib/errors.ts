import { ProtocolError, type ErrorCode } from '@rs/protocol';
import { t } from '../i18n/index.ts';
import { waitSentence } from './wait-sentence.ts';

/**
 * An error this client wrote for a person, already in their language. Every
 * other error (the server's, the browser's) is shown through its code, so an
 * English sentence from the server never reaches a customer as it is.
 */
export class UiError extends ProtocolError {
  readonly localized = true;
}

/** Sentences for codes where the screen knows better than the generic one (sign-in: `unauthorized` is a wrong password). */
export type ErrorOverrides = Partial<Record<ErrorCode, string>>;

/** The sentence to show a person for anything thrown, in their language. */
export function errorMessage(error: unknown, overrides: ErrorOverrides = {}): string {
  if (error instanceof UiError) return error.message;
  if (error instanceof ProtocolError) {
    const own = overrides[error.code];
    if (own) return own;
    if (error.code === 'rate_limited') return waitSentence(error.retryAfterMs);
    return t(`errors.code.${error.code}`);
  }
  // The browser's refusals (a cancelled screen picker, a blocked permission).
  if (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError')) return t('errors.notAllowedByBrowser');
  return t('errors.generic');
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof ProtocolError && error.code === 'unauthorized';
}

/** Runs an action and turns the server errors named in `overrides` into this screen's own sentences. */
export async function explained<T>(action: Promise<T>, overrides: ErrorOverrides): Promise<T> {
  try {
    return await action;
  } catch (e) {
    const own = e instanceof ProtocolError && !(e instanceof UiError) ? overrides[e.code] : undefined;
    throw own ? new UiError(e instanceof ProtocolError ? e.code : 'internal', own) : e;
  }
}
