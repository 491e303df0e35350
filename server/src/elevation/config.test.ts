import { describe, expect, it } from 'vitest';
import { CUSTOMER_EXTENSION } from '@rs/protocol';
import { customerExtensionUrl } from './config.ts';

describe('CUSTOMER_EXTENSION_URL', () => {
  it('defaults to the Chrome Web Store page of the customer extension', () => {
    expect(customerExtensionUrl({})).toBe(`https://chromewebstore.google.com/detail/${CUSTOMER_EXTENSION.id}`);
  });
  it('takes an http(s) URL and refuses anything else', () => {
    expect(customerExtensionUrl({ CUSTOMER_EXTENSION_URL: 'https://intranet.example.com/support-extension' })).toBe('https://intranet.example.com/support-extension');
    expect(() => customerExtensionUrl({ CUSTOMER_EXTENSION_URL: 'javascript:alert(1)' })).toThrow(/http/);
    expect(() => customerExtensionUrl({ CUSTOMER_EXTENSION_URL: 'not a url' })).toThrow(/CUSTOMER_EXTENSION_URL/);
  });
});
