import { expect, it } from 'vitest';
import { CONSOLE_EXTENSION, CUSTOMER_EXTENSION, DEV_CUSTOMER_GECKO_ID, extensionIdentity } from '@rs/protocol';
import { callerAllowed } from './origin.ts';

it('accepts only the customer extension, as Chromium and Firefox stamp it', () => {
  expect(callerAllowed([`chrome-extension://${CUSTOMER_EXTENSION.id}/`])).toBe(true);
  expect(callerAllowed([`chrome-extension://${CUSTOMER_EXTENSION.id}/`, '--parent-window=0'])).toBe(true);
  expect(callerAllowed(['/home/a/.mozilla/native-messaging-hosts/x.json', DEV_CUSTOMER_GECKO_ID])).toBe(true);
  expect(callerAllowed([`chrome-extension://${CONSOLE_EXTENSION.id}/`])).toBe(false);
  expect(callerAllowed([`chrome-extension://${CUSTOMER_EXTENSION.id}`])).toBe(false);
  expect(callerAllowed([])).toBe(false);
});

it('trusts the store ids it was built with, and no longer the development ones', () => {
  const store = extensionIdentity({ CUSTOMER_EXTENSION_IDS: 'a'.repeat(32) + ',' + 'b'.repeat(32), CUSTOMER_GECKO_ID: 'support@example.com' });
  expect(callerAllowed([`chrome-extension://${'a'.repeat(32)}/`], store)).toBe(true);
  expect(callerAllowed([`chrome-extension://${'b'.repeat(32)}/`, '--parent-window=0'], store)).toBe(true);
  expect(callerAllowed(['/x.json', 'support@example.com'], store)).toBe(true);
  expect(callerAllowed([`chrome-extension://${CUSTOMER_EXTENSION.id}/`], store)).toBe(false);
  expect(callerAllowed(['/x.json', DEV_CUSTOMER_GECKO_ID], store)).toBe(false);
});
