import { REP_PASSWORD_MIN } from '@rs/protocol';

/**
 * The server's validation message as a sentence for the form: schema issues
 * come as `field: issue; field: issue`, which a person reads better as
 * "A password has at least 10 characters."
 */
export function readableError(message: string): string {
  return message
    .split('; ')
    .map((part) => part.replace(/^[A-Za-z.]+: /, '').trim())
    .filter((part) => part !== '')
    .map((part) => `${part[0]!.toUpperCase()}${part.slice(1)}${/[.!?]$/.test(part) ? '' : '.'}`)
    .join(' ');
}

/** A hint under the password fields, from the same rule the server checks. */
export const PASSWORD_HINT = `At least ${REP_PASSWORD_MIN} characters.`;
