import { describe, expect, it } from 'vitest';
import { PageToExtensionMessageSchema } from './workflow.ts';

describe('open-session (web chat -> customer extension)', () => {
  const valid = { type: 'open-session', sessionId: 'sess_0001abcd', customerToken: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde' };

  it('is one of the page-to-extension messages', () => {
    expect(PageToExtensionMessageSchema.parse(valid)).toEqual(valid);
  });

  it('refuses a malformed session id or token, and a server named in the message', () => {
    expect(PageToExtensionMessageSchema.safeParse({ ...valid, sessionId: '../x' }).success).toBe(false);
    expect(PageToExtensionMessageSchema.safeParse({ ...valid, customerToken: 'short' }).success).toBe(false);
    expect(PageToExtensionMessageSchema.safeParse({ ...valid, customerToken: 'has spaces in it, which tokens never have' }).success).toBe(false);
    // The server is the sender's origin, stamped by the browser; an extra field claiming one is dropped, not used.
    expect(PageToExtensionMessageSchema.parse({ ...valid, serverUrl: 'https://evil.example' })).toEqual(valid);
  });
});
