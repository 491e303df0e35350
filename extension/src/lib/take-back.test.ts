import { describe, expect, it } from 'vitest';
import type { PermissionView } from '@rs/protocol';
import { controlTakenBack, stopsHelperInput } from './take-back.ts';

const p = (kind: PermissionView['kind'], state: PermissionView['state']): PermissionView => ({ kind, state, by: 'customer', at: 1 });
const share = (reason: 'customer_stopped' | 'browser_stopped' | 'session_ended' | 'connection_lost' | 'rep_changed' | null, sharing = false) =>
  ({ type: 'share', sessionId: 's1', sharing, surface: sharing ? 'monitor' : null, reason, at: 1 }) as const;

describe('controlTakenBack', () => {
  it('is control revoked while the view goes on', () => {
    expect(controlTakenBack([p('view', 'granted'), p('control', 'revoked')])).toBe(true);
    expect(controlTakenBack([p('view', 'revoked'), p('control', 'revoked')])).toBe(false);
    expect(controlTakenBack([p('view', 'granted'), p('control', 'granted')])).toBe(false);
    expect(controlTakenBack([])).toBe(false);
  });
});

describe('stopsHelperInput', () => {
  it('stops the helper when the customer stops sharing, the browser stops it, or the session ends', () => {
    expect(stopsHelperInput(share('customer_stopped'), 's1')).toBe(true);
    expect(stopsHelperInput(share('browser_stopped'), 's1')).toBe(true);
    expect(stopsHelperInput(share('session_ended'), 's1')).toBe(true);
  });

  it('stops the helper when the session changed hands: the share ends, and the server ends the Allow (also after a restart)', () => {
    expect(stopsHelperInput(share('rep_changed'), 's1')).toBe(true);
    expect(stopsHelperInput({ type: 'elevation', sessionId: 's1', state: 'revoked', repName: 'Ada' }, 's1')).toBe(true);
    expect(stopsHelperInput({ type: 'elevation', sessionId: 's1', state: 'connected', repName: 'Ada' }, 's1')).toBe(false);
    expect(stopsHelperInput({ type: 'elevation', sessionId: 'other', state: 'revoked', repName: 'Ada' }, 's1')).toBe(false);
  });

  it('keeps the grant when only the connection was lost (a reloaded console), or the share started', () => {
    expect(stopsHelperInput(share('connection_lost'), 's1')).toBe(false);
    expect(stopsHelperInput(share(null, true), 's1')).toBe(false);
  });

  it('stops the helper when control is taken back mid-share, not when the share stop revoked everything', () => {
    expect(stopsHelperInput({ type: 'permissions', sessionId: 's1', permissions: [p('view', 'granted'), p('control', 'revoked')] }, 's1')).toBe(true);
    expect(stopsHelperInput({ type: 'permissions', sessionId: 's1', permissions: [p('view', 'revoked'), p('control', 'revoked')] }, 's1')).toBe(false);
  });

  it("ignores other sessions' notices and other notice types", () => {
    expect(stopsHelperInput(share('customer_stopped'), 'other')).toBe(false);
    expect(stopsHelperInput({ type: 'nudge', sessionId: 's1', at: 1 }, 's1')).toBe(false);
  });
});
