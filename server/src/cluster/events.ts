import {
  parseWith,
  REP_SIGNED_OUT_CHANNEL,
  RepSignedOutSchema,
  SESSION_CHANGED_CHANNEL,
  SessionChangedSchema,
  type RepSignedOut,
  type SessionChanged,
} from '@rs/protocol';
import type { Bus } from './bus.ts';
import { log } from '../observability/log.ts';

/** Tells every node (this one too) that a session's state or representative changed; call after the commit. */
export function publishSessionChanged(bus: Bus, before: { repId: string | null } | null, after: { id: string; state: SessionChanged['state']; repId: string | null }): Promise<void> {
  const previousRepId = before?.repId ?? null;
  const event: SessionChanged = { sessionId: after.id, state: after.state, repId: after.repId, previousRepId };
  return bus.publish(SESSION_CHANGED_CHANNEL, event);
}

export function onSessionChanged(bus: Bus, handler: (event: SessionChanged) => void): Promise<() => Promise<void>> {
  return bus.subscribe(SESSION_CHANGED_CHANNEL, (raw) => {
    const parsed = parseWith(SessionChangedSchema, raw);
    if (parsed.ok) handler(parsed.value);
    else log.warn(`bus: dropped a malformed ${SESSION_CHANGED_CHANNEL} event: ${parsed.error.message}`);
  });
}

/** Tells every node that a representative's sign-in ended (tokenHash null: every token of theirs). */
export function publishRepSignedOut(bus: Bus, event: RepSignedOut): Promise<void> {
  return bus.publish(REP_SIGNED_OUT_CHANNEL, event);
}

export function onRepSignedOut(bus: Bus, handler: (event: RepSignedOut) => void): Promise<() => Promise<void>> {
  return bus.subscribe(REP_SIGNED_OUT_CHANNEL, (raw) => {
    const parsed = parseWith(RepSignedOutSchema, raw);
    if (parsed.ok) handler(parsed.value);
    else log.warn(`bus: dropped a malformed ${REP_SIGNED_OUT_CHANNEL} event: ${parsed.error.message}`);
  });
}
