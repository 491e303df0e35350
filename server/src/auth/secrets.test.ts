import { describe, expect, it } from 'vitest';
import { hashPassword, hashToken, randomHex, randomId, sameHash, verifyPassword } from './secrets.ts';

describe('passwords', () => {
  it('verify only the password they were made from, with a fresh salt each time', async () => {
    const a = await hashPassword('s3cret!');
    const b = await hashPassword('s3cret!');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$16384$8$1$')).toBe(true);
    expect(await verifyPassword('s3cret!', a)).toBe(true);
    expect(await verifyPassword('s3cret?', a)).toBe(false);
    expect(await verifyPassword('s3cret!', 'plain$text')).toBe(false);
  });
});

describe('tokens and ids', () => {
  it('are random, of the documented alphabets, and hashed for storage', () => {
    expect(randomId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(randomHex()).toMatch(/^[0-9a-f]{32}$/);
    expect(randomId()).not.toBe(randomId());
    expect(hashToken('x')).toMatch(/^[0-9a-f]{64}$/);
    expect(sameHash(hashToken('x'), hashToken('x'))).toBe(true);
    expect(sameHash(hashToken('x'), hashToken('y'))).toBe(false);
    expect(sameHash('ab', 'abcd')).toBe(false);
  });
});
