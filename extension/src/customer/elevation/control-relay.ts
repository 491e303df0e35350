import type { ControlInput } from '@rs/protocol';
import { Emitter } from '../../lib/emitter.ts';
import { pageElevation } from './page-elevation.ts';

/**
 * One input of the representative, received on the peer data connection
 * while the server says control is granted: straight to this page's
 * gatekeeper, which validates it again and forwards it to the helper only
 * while the customer's grant is active.
 */
export function relayControl(input: ControlInput): void {
  pageElevation().forwardControl(input);
}

/** The helper's hold-off after the customer's own input, on and off, for the representative. */
export const localInputChanged = new Emitter<boolean>();
