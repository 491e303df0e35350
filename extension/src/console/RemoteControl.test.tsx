import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import type { ControlInput, ServerMessage } from '@rs/protocol';
import type { LiveClient } from '../lib/live.ts';
import { RemoteControl } from './RemoteControl.tsx';

const SESSION = 'sess_0001abcd';

/** Plays the server: notices to the component, and records its requests. */
function fakeClient() {
  const listeners = new Set<(m: ServerMessage) => void>();
  const requests: unknown[] = [];
  // Like LiveClient: the latest permissions/elevation notice per session, for a view that mounts after it.
  const latest = new Map<string, ServerMessage>();
  const client = {
    onNotice: (l: (m: ServerMessage) => void) => (listeners.add(l), () => listeners.delete(l)),
    request: async (r: unknown) => (requests.push(r), {}),
    latest: (type: string, sessionId: string) => latest.get(`${type}:${sessionId}`) ?? null,
  } as unknown as LiveClient;
  const notice = (m: Record<string, unknown>) =>
    act(() => {
      const message = { sessionId: SESSION, ...m } as unknown as ServerMessage;
      latest.set(`${message.type}:${SESSION}`, message);
      listeners.forEach((l) => l(message));
    });
  const control = (state: string) => notice({ type: 'permissions', permissions: [{ kind: 'view', state: 'granted', by: 'customer', at: 1 }, { kind: 'control', state, by: 'customer', at: 2 }] });
  return { client, requests, notice, control };
}

function setup(before: (fake: ReturnType<typeof fakeClient>) => void = () => {}, { rawUpdates = false } = {}) {
  const fake = fakeClient();
  before(fake);
  const video = document.createElement('video');
  // Chromium (secure contexts) has pointerrawupdate; happy-dom does not.
  if (rawUpdates) Object.defineProperty(video, 'onpointerrawupdate', { value: null, writable: true });
  Object.defineProperties(video, { videoWidth: { value: 1280 }, videoHeight: { value: 800 } });
  video.getBoundingClientRect = () => ({ left: 0, top: 0, width: 640, height: 400, right: 640, bottom: 400, x: 0, y: 0, toJSON: () => ({}) });
  document.body.append(video);
  const sent: ControlInput[] = [];
  const view = (viewing: boolean, paused = false) => (
    <RemoteControl client={fake.client} sessionId={SESSION} viewing={viewing} paused={paused} video={{ current: video }} send={(i) => (sent.push(i), true)} />
  );
  const r = render(view(true));
  return { ...fake, video, sent, rerender: (viewing: boolean, paused = false) => r.rerender(view(viewing, paused)) };
}

const status = () => screen.getByRole('status').textContent;
const toggle = () => screen.getByRole('button', { name: 'Control' });

describe('RemoteControl', () => {
  afterEach(() => {
    cleanup();
    document.body.innerHTML = '';
  });

  it('is off and disabled until the helper is connected', () => {
    const { notice } = setup();
    expect(toggle().hasAttribute('disabled')).toBe(true);
    expect(status()).toContain('ask the customer with Elevate first');
    notice({ type: 'elevation', state: 'connected', repName: 'Ada' });
    expect(toggle().hasAttribute('disabled')).toBe(false);
    expect(toggle().getAttribute('aria-pressed')).toBe('false');
  });

  it('a reloaded console: the helper connected and control granted arrived before it mounted', () => {
    setup((fake) => {
      fake.notice({ type: 'elevation', state: 'connected', repName: 'Ada' });
      fake.control('granted');
    });
    expect(toggle().hasAttribute('disabled')).toBe(false);
    expect(status()).toBe('Control is off.');
  });

  it('a share that ended (view and control revoked together) is not the customer taking control back', () => {
    const { notice } = setup();
    notice({ type: 'elevation', state: 'connected', repName: 'Ada' });
    notice({ type: 'permissions', permissions: [{ kind: 'view', state: 'revoked', by: 'customer', at: 1 }, { kind: 'control', state: 'revoked', by: 'customer', at: 2 }] });
    expect(status()).toBe('Control is off.');
  });

  it('asks for control, and once granted sends the pointer and keys over the video', async () => {
    const { notice, control, requests, video, sent } = setup();
    notice({ type: 'elevation', state: 'connected', repName: 'Ada' });
    await act(() => {
      fireEvent.click(toggle());
    });
    expect(requests).toEqual([{ type: 'permission.request', sessionId: SESSION, permission: 'control' }]);
    expect(status()).toBe('Turning control on…');
    control('granted');
    expect(toggle().getAttribute('aria-pressed')).toBe('true');
    expect(status()).toContain('Control is on');

    fireEvent.pointerMove(video, { clientX: 160, clientY: 100 });
    fireEvent.click(video, { clientX: 320, clientY: 200, button: 0 });
    fireEvent.keyDown(video, { key: 'a', code: 'KeyA' });
    fireEvent.keyDown(video, { key: 'Enter', code: 'Enter' });
    expect(sent).toEqual([
      { type: 'pointer.move', x: 0.25, y: 0.25 },
      { type: 'pointer.click', x: 0.5, y: 0.5, button: 'left' },
      { type: 'key.type', text: 'a' },
      { type: 'key.press', keys: ['Return'] },
    ]);
  });

  it('where the browser has pointerrawupdate, sends on it (not on pointermove) the latest of its coalesced positions, once', async () => {
    const { notice, control, video, sent } = setup(() => {}, { rawUpdates: true });
    notice({ type: 'elevation', state: 'connected', repName: 'Ada' });
    await act(() => {
      fireEvent.click(toggle());
    });
    control('granted');
    const raw = (clientX: number, clientY: number, coalesced: Array<[number, number]>) => {
      const event = new Event('pointerrawupdate') as Event & Record<string, unknown>;
      Object.assign(event, { clientX, clientY, getCoalescedEvents: () => coalesced.map(([x, y]) => ({ clientX: x, clientY: y })) });
      video.dispatchEvent(event);
    };
    raw(64, 40, [[32, 20], [48, 30], [64, 40]]);
    fireEvent.pointerMove(video, { clientX: 64, clientY: 40 });
    // The event's own position lags the last coalesced one: the newest wins.
    raw(96, 60, [[128, 80]]);
    raw(128, 80, []);
    expect(sent).toEqual([
      { type: 'pointer.move', x: 0.1, y: 0.1 },
      { type: 'pointer.move', x: 0.2, y: 0.2 },
    ]);
  });

  it('shows at once that the customer took control back, and stops sending', async () => {
    const { notice, control, video, sent, rerender } = setup();
    notice({ type: 'elevation', state: 'connected', repName: 'Ada' });
    await act(() => {
      fireEvent.click(toggle());
    });
    control('granted');
    rerender(true, true);
    expect(status()).toContain('paused: the customer is using their own mouse');
    control('revoked');
    expect(status()).toBe('The customer took back control. Control is off.');
    expect(toggle().getAttribute('aria-pressed')).toBe('false');
    fireEvent.pointerMove(video, { clientX: 10, clientY: 10 });
    expect(sent).toEqual([]);
  });
});
