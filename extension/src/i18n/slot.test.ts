import { expect, it } from 'vitest';
import { withSlot } from './slot.ts';

it('puts the element where the translation placed its value, wherever the language puts it', () => {
  expect(withSlot((name) => `Waiting for the customer to accept ${name} (2 KB)…`, 'NODE')).toEqual(['Waiting for the customer to accept ', 'NODE', ' (2 KB)…']);
  expect(withSlot((name) => `${name} wird gesendet`, 'NODE')).toEqual(['', 'NODE', ' wird gesendet']);
  // Other values stay text, markup and all.
  expect(withSlot((name) => `<b>Eve</b> wants to send you ${name}.`, 'NODE')).toEqual(['<b>Eve</b> wants to send you ', 'NODE', '.']);
});
