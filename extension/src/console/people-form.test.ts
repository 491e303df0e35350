import { describe, expect, it } from 'vitest';
import { passwordError, repInputError, teamNameError } from './people-form.ts';

describe('the people forms check input with the server schemas, in the admin language', () => {
  it('names the first field that fails', () => {
    expect(repInputError({ displayName: 'Dora', username: 'dora', password: 'short' })).toBe('A password has at least 10 characters.');
    expect(repInputError({ displayName: 'Dora', username: '', password: 'long enough pass' })).toBe('A username is required.');
    expect(repInputError({ displayName: 'Dora', username: 'no spaces', password: 'long enough pass' })).toBe('A username has only letters, digits and . _ @ -.');
    expect(repInputError({ displayName: '', username: 'dora', password: 'long enough pass' })).toBe('A name is required.');
    expect(repInputError({ displayName: 'Dora', username: 'dora', password: 'long enough pass' })).toBeNull();
  });
  it('checks a new password and a team name alone', () => {
    expect(passwordError('x'.repeat(300))).toBe('A password has at most 256 characters.');
    expect(passwordError('long enough pass')).toBeNull();
    expect(teamNameError('')).toBe('A team name has 1 to 64 characters.');
    expect(teamNameError('Billing')).toBeNull();
  });
});
