import { afterEach, describe, expect, it, vi } from 'vitest';
import { notifyIfAway, type CustomerPlatform } from './platform.ts';
import { webPlatform } from './platform-web.ts';

describe('customer platform', () => {
  afterEach(() => vi.restoreAllMocks());

  it('notifies only when the chat is not in focus', () => {
    const notify = vi.fn();
    const platform = { notify } as unknown as CustomerPlatform;
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    notifyIfAway(platform, 'Rita', 'hello');
    expect(notify).not.toHaveBeenCalled();
    vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    notifyIfAway(platform, 'Rita', 'hello');
    expect(notify).toHaveBeenCalledWith('Rita', 'hello');
  });

  it('the web chat belongs to the site of its page path and keeps its session per tab', async () => {
    const web = webPlatform({ pathname: '/billing/', origin: 'http://127.0.0.1:8080' } as Location);
    expect([web.sitePath, web.showAvatar, web.saveServerUrl]).toEqual(['/billing', false, null]);
    expect(await web.loadServerUrl()).toBe('http://127.0.0.1:8080');
    expect(await web.loadSession()).toBeNull();
    const stored = { serverUrl: 'http://127.0.0.1:8080', sessionId: 'sess_0001abcd', customerToken: 't' };
    await web.saveSession(stored);
    expect(await web.loadSession()).toEqual(stored);
    sessionStorage.setItem('rs.customerSession', '{broken');
    expect(await web.loadSession()).toBeNull();
    await web.clearSession();
    expect(webPlatform({ pathname: '/', origin: 'http://x' } as Location).sitePath).toBe('/');
  });
});
