import { describe, expect, it } from 'vitest';
import { readableError } from './people-form.ts';

describe('readableError', () => {
  it('turns schema issues into sentences without the field paths', () => {
    expect(readableError('password: a password has at least 10 characters')).toBe('A password has at least 10 characters.');
    expect(readableError('username: a username is required; displayName: a name is required')).toBe('A username is required. A name is required.');
  });
  it('keeps plain messages, adding only the capital and the full stop', () => {
    expect(readableError('the username ada is taken')).toBe('The username ada is taken.');
    expect(readableError('Cannot reach the support server at http://x')).toBe('Cannot reach the support server at http://x.');
    expect(readableError('at least one enabled administrator must remain')).toBe('At least one enabled administrator must remain.');
  });
});
