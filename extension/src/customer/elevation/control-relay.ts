import type { ControlInput } from '@rs/protocol';
import { browser } from 'wxt/browser';
import { Emitter } from '../../lib/emitter.ts';
import type { PanelMessage } from './messages.ts';

/**
 * Side panel -> background: one input of the representative, received on the
 * peer data connection while the server says control is granted. The
 * background's gatekeeper validates it again and forwards it to the helper
 * only while the customer's grant is active. No answer is awaited.
 */
export function relayControl(input: ControlInput): void {
  const message: PanelMessage = { kind: 'control.input', input };
  browser.runtime.sendMessage(message).catch(() => {});
}

/** The helper's hold-off after the customer's own input, on and off (from the background's status), for the representative. */
export const localInputChanged = new Emitter<boolean>();
