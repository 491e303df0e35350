import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, signedUrl, verifySignedPath } from './signing.ts';

describe('webhook signatures', () => {
  it('is an HMAC-SHA256 over the timestamp and the exact body', () => {
    const header = signWebhook('s3cret', '{"a":1}', 1234);
    expect(header).toBe(`t=1234,v1=${createHmac('sha256', 's3cret').update('1234.{"a":1}').digest('hex')}`);
    expect(signWebhook('other', '{"a":1}', 1234)).not.toBe(header);
  });
});

describe('signed URLs', () => {
  const url = new URL(signedUrl('k', 'http://h', '/api/history/abc/transcript', 5000));
  const [exp, sig] = [url.searchParams.get('expires'), url.searchParams.get('signature')];

  it('verify for their own path until they expire', () => {
    expect(verifySignedPath('k', '/api/history/abc/transcript', exp, sig, 4999)).toBe(true);
    expect(verifySignedPath('k', '/api/history/abc/transcript', exp, sig, 5000)).toBe(false);
  });

  it('refuse another path, another secret, a moved expiry or a missing signature', () => {
    expect(verifySignedPath('k', '/api/history/abd/transcript', exp, sig, 0)).toBe(false);
    expect(verifySignedPath('j', '/api/history/abc/transcript', exp, sig, 0)).toBe(false);
    expect(verifySignedPath('k', '/api/history/abc/transcript', '6000', sig, 0)).toBe(false);
    expect(verifySignedPath('k', '/api/history/abc/transcript', exp, undefined, 0)).toBe(false);
  });

  it('cannot be widened: a transcript link opens neither the recording nor the history entry', () => {
    expect(verifySignedPath('k', '/api/history/abc/recording', exp, sig, 0)).toBe(false);
    expect(verifySignedPath('k', '/api/history/abc', exp, sig, 0)).toBe(false);
    expect(verifySignedPath('k', '/api/history/abc/transcript', ['5000', '9999999999999'], sig, 0)).toBe(false);
  });
});
