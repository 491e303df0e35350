import { describe, expect, it, vi } from 'vitest';
import { Gatekeeper, uninstallHelper } from './gatekeeper.ts';
import { t } from '../../i18n/index.ts';
import type { PortLike } from './native-port.ts';

/** A native host in memory: answers requests like the real one; `installed` false makes the port drop at once, as Chromium does. */
class FakeHost {
  installed = false;
  /** Answers watermark.show as a helper that cannot draw it does. */
  watermarkUnavailable = false;
  received: Array<Record<string, unknown>> = [];
  ports = 0;

  connect = (): PortLike => {
    this.ports++;
    const messageListeners: Array<(m: unknown) => void> = [];
    const disconnectListeners: Array<() => void> = [];
    const drop = () => setTimeout(() => disconnectListeners.forEach((l) => l()), 0);
    if (!this.installed) drop();
    return {
      postMessage: (m) => {
        const message = m as Record<string, unknown>;
        this.received.push(message);
        if (typeof message.id !== 'string') return;
        const reply = message.type === 'watermark.show' && this.watermarkUnavailable ? { type: 'error', id: message.id, code: 'watermark_unavailable', message: 'powershell.exe ended before it was up' } : message.type === 'hello' ? { type: 'helloResponse', id: message.id, v: 1, hostVersion: '0.1.0', platform: 'linux' } : { type: 'ok', id: message.id };
        setTimeout(() => messageListeners.forEach((l) => l(reply)), 0);
      },
      disconnect: () => {},
      onMessage: { addListener: (l) => messageListeners.push(l) },
      onDisconnect: { addListener: (l) => disconnectListeners.push(l) },
    };
  };
}

function setup() {
  const host = new FakeHost();
  const downloads: string[] = [];
  const gatekeeper = new Gatekeeper({
    connectNative: host.connect,
    download: async (url) => {
      downloads.push(url);
    },
    os: async () => 'linux',
    retryMs: 5,
  });
  return { host, downloads, gatekeeper };
}

const types = (host: FakeHost) => host.received.map((m) => m.type);

describe('Gatekeeper', () => {
  it('does not grant control when the helper cannot show the watermark, and says so', async () => {
    const { host, gatekeeper } = setup();
    host.installed = true;
    host.watermarkUnavailable = true;
    await gatekeeper.start({ serverUrl: 'http://localhost:8080', repName: 'Ada', watermark: true });
    expect(types(host)).toEqual(['hello', 'watermark.show']);
    expect(gatekeeper.status).toMatchObject({ phase: 'failed', error: t('errors.code.watermark_unavailable') });
  });

  it('downloads the installer once, keeps retrying, and connects when the helper appears', async () => {
    const { host, downloads, gatekeeper } = setup();
    const phases: string[] = [];
    gatekeeper.statusChanged.on((s) => phases.push(s.phase));
    const started = gatekeeper.start({ serverUrl: 'http://localhost:8080/', repName: 'Ada', watermark: true });
    await vi.waitFor(() => expect(host.ports).toBeGreaterThan(2));
    expect(downloads).toEqual(['http://localhost:8080/api/installers/linux']);
    expect(gatekeeper.status.phase).toBe('installing');
    host.installed = true;
    await started;
    expect(gatekeeper.status.phase).toBe('connected');
    expect(phases).toEqual(['connecting', 'installing', 'connected']);
    expect(types(host).filter((t) => t !== 'hello')).toEqual(['watermark.show', 'control.grant']);
    expect(host.received.find((m) => m.type === 'watermark.show')).toMatchObject({ repName: 'Ada' });
  });

  it('forwards only valid control input, and only while the grant is active', async () => {
    const { host, gatekeeper } = setup();
    host.installed = true;
    expect(gatekeeper.forwardControl({ type: 'pointer.move', x: 0.5, y: 0.5 })).toBe(false);
    await gatekeeper.start({ serverUrl: 'http://localhost:8080', repName: 'Ada', watermark: false });
    expect(types(host)).toEqual(['hello', 'control.grant']);
    expect(gatekeeper.forwardControl({ type: 'pointer.move', x: 0.5, y: 0.5 })).toBe(true);
    expect(gatekeeper.forwardControl({ type: 'pointer.move', x: 2, y: 0.5 })).toBe(false);
    expect(gatekeeper.forwardControl({ type: 'uninstall', id: 'sneaky' })).toBe(false);
    expect(gatekeeper.forwardControl('key.type')).toBe(false);
    await gatekeeper.revoke();
    expect(gatekeeper.forwardControl({ type: 'key.type', text: 'rm -rf' })).toBe(false);
    expect(types(host)).toEqual(['hello', 'control.grant', 'pointer.move', 'control.revoke']);
  });

  it('a new Allow after Take back control grants the running helper again: no second helper', async () => {
    const { host, gatekeeper } = setup();
    host.installed = true;
    await gatekeeper.start({ serverUrl: 'http://localhost:8080', repName: 'Ada', watermark: true });
    await gatekeeper.revoke();
    expect(gatekeeper.status.phase).toBe('revoked');
    await gatekeeper.start({ serverUrl: 'http://localhost:8080', repName: 'Ada', watermark: true });
    expect(gatekeeper.status.phase).toBe('connected');
    expect(host.ports).toBe(1);
    expect(types(host)).toEqual(['hello', 'watermark.show', 'control.grant', 'control.revoke', 'watermark.show', 'control.grant']);
    expect(gatekeeper.forwardControl({ type: 'pointer.move', x: 0.5, y: 0.5 })).toBe(true);
  });

  it("the next representative's Allow renames the watermark, even if the end of the first one's grant has not arrived yet", async () => {
    const { host, gatekeeper } = setup();
    host.installed = true;
    await gatekeeper.start({ serverUrl: 'http://localhost:8080', repName: 'Ada', watermark: true });
    await gatekeeper.start({ serverUrl: 'http://localhost:8080', repName: 'Grace Hopper', watermark: true });
    expect(host.ports).toBe(1);
    expect(host.received.filter((m) => m.type === 'watermark.show').map((m) => m.repName)).toEqual(['Ada', 'Grace Hopper']);
    expect(gatekeeper.status.phase).toBe('connected');
  });

  it('on end, tells the helper to uninstall and stops retrying', async () => {
    const { host, gatekeeper } = setup();
    host.installed = true;
    await gatekeeper.start({ serverUrl: 'http://localhost:8080', repName: 'Ada', watermark: true });
    await gatekeeper.end();
    expect(types(host).at(-1)).toBe('uninstall');
    expect(gatekeeper.status.phase).toBe('ended');
    expect(gatekeeper.forwardControl({ type: 'pointer.move', x: 0.5, y: 0.5 })).toBe(false);

    const other = setup();
    const pending = other.gatekeeper.start({ serverUrl: 'http://localhost:8080', repName: 'Ada', watermark: true });
    await new Promise((r) => setTimeout(r, 20));
    await other.gatekeeper.end();
    await pending;
    const ports = other.host.ports;
    await new Promise((r) => setTimeout(r, 30));
    expect(other.host.ports).toBe(ports);
  });
});

describe('uninstallHelper', () => {
  it('starts the installed helper only to have it remove itself', async () => {
    const host = new FakeHost();
    host.installed = true;
    await uninstallHelper(host.connect);
    expect(types(host)).toEqual(['hello', 'uninstall']);
  });

  it('does nothing when the helper is not installed any more', async () => {
    const host = new FakeHost();
    await uninstallHelper(host.connect);
    expect(types(host)).toEqual(['hello']);
  });
});
