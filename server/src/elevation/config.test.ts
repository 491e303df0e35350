import { describe, expect, it } from 'vitest';
import { CUSTOMER_EXTENSION, DEV_EXTENSION_IDENTITY, extensionIdentity } from '@rs/protocol';
import { customerExtensionUrl } from './config.ts';

describe('CUSTOMER_EXTENSION_URL', () => {
  it('defaults to the Chrome Web Store page of the customer extension', () => {
    expect(customerExtensionUrl({}, DEV_EXTENSION_IDENTITY)).toBe(`https://chromewebstore.google.com/detail/${CUSTOMER_EXTENSION.id}`);
  });
  it("defaults to the store copy's page when the ids are configured", () => {
    const identity = extensionIdentity({ CUSTOMER_EXTENSION_IDS: `${'o'.repeat(32)},${'e'.repeat(32)}` });
    expect(customerExtensionUrl({}, identity)).toBe(`https://chromewebstore.google.com/detail/${'o'.repeat(32)}`);
  });
  it('takes an http(s) URL and refuses anything else', () => {
    expect(customerExtensionUrl({ CUSTOMER_EXTENSION_URL: 'https://intranet.example.com/support-extension' }, DEV_EXTENSION_IDENTITY)).toBe('https://intranet.example.com/support-extension');
    expect(() => customerExtensionUrl({ CUSTOMER_EXTENSION_URL: 'javascript:alert(1)' }, DEV_EXTENSION_IDENTITY)).toThrow(/http/);
    expect(() => customerExtensionUrl({ CUSTOMER_EXTENSION_URL: 'not a url' }, DEV_EXTENSION_IDENTITY)).toThrow(/CUSTOMER_EXTENSION_URL/);
  });
});
