import { expect, it } from 'vitest';
import { CONSOLE_EXTENSION, CUSTOMER_EXTENSION, CUSTOMER_EXTENSION_GECKO_ID } from '@rs/protocol';
import { callerAllowed } from './origin.ts';

it('accepts only the customer extension, as Chromium and Firefox stamp it', () => {
  expect(callerAllowed([`chrome-extension://${CUSTOMER_EXTENSION.id}/`])).toBe(true);
  expect(callerAllowed([`chrome-extension://${CUSTOMER_EXTENSION.id}/`, '--parent-window=0'])).toBe(true);
  expect(callerAllowed(['/home/a/.mozilla/native-messaging-hosts/x.json', CUSTOMER_EXTENSION_GECKO_ID])).toBe(true);
  expect(callerAllowed([`chrome-extension://${CONSOLE_EXTENSION.id}/`])).toBe(false);
  expect(callerAllowed([`chrome-extension://${CUSTOMER_EXTENSION.id}`])).toBe(false);
  expect(callerAllowed([])).toBe(false);
});
