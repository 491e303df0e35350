import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { loadConfig } from '../config.ts';
import { startTestServer } from '../testing.ts';
import { captureLogs } from '../observability/log.ts';

let srv: Awaited<ReturnType<typeof startTestServer>> | null = null;
afterEach(async () => {
  await srv?.close();
  srv = null;
  vi.restoreAllMocks();
});

/** Every kind of thing the server serves: the public page, its script, the health check, API answers good and bad. */
const PATHS = ['/', '/session-link.js', '/healthz', '/api/public/site?path=/', '/api/no-such-route', '/no-such-page'];

function directives(csp: string | null): Map<string, string> {
  return new Map((csp ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0]!, d.slice(d.indexOf(' ') + 1)]));
}

describe('security headers', () => {
  it('every response forbids framing and sniffing, sends no referrer, and allows no inline script', async () => {
    srv = await startTestServer();
    for (const path of PATHS) {
      const res = await fetch(srv.url + path);
      const csp = directives(res.headers.get('content-security-policy'));
      expect({ path, frame: csp.get('frame-ancestors') }).toEqual({ path, frame: "'none'" });
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(csp.get('script-src')).toBe("'self'");
      expect(csp.get('script-src-attr')).toBe("'none'");
      expect(csp.get('object-src')).toBe("'none'");
      // What the web chat needs: its own origin's sockets, screen-share and recording media, avatars.
      expect(csp.get('connect-src')).toContain(srv.url.replace('http:', 'ws:'));
      expect(csp.get('media-src')).toContain('blob:');
      expect(csp.get('img-src')).toContain('data:');
    }
  });

  it('FRAME_ANCESTORS lets named sites frame the pages (and drops X-Frame-Options, which cannot name them)', async () => {
    srv = await startTestServer({ FRAME_ANCESTORS: "'self' https://intranet.example.com" });
    const res = await fetch(`${srv.url}/`);
    expect(directives(res.headers.get('content-security-policy')).get('frame-ancestors')).toBe("'self' https://intranet.example.com");
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('a FRAME_ANCESTORS value that could smuggle another directive is refused at start', () => {
    expect(() => loadConfig({ FRAME_ANCESTORS: "'self'; script-src *" })).toThrow(/FRAME_ANCESTORS/);
    expect(() => loadConfig({ FRAME_ANCESTORS: 'https://a.example\r\nSet-Cookie: x=1' })).toThrow(/FRAME_ANCESTORS/);
    expect(loadConfig({}).security.frameAncestors).toEqual(["'none'"]);
  });
});

describe('malformed URL encoding', () => {
  it('answers 400 bad_message for API and static paths, and logs no stack trace', async () => {
    srv = await startTestServer();
    const logs = captureLogs();
    onTestFinished(() => logs.restore());
    for (const path of ['/api/sessions/%E0%A4%A/transcript', '/api/recordings/%/media', '/%E0%A4%A', '/webchat/%zz.js', '/session-link.js%']) {
      const res = await fetch(srv.url + path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(await res.json()).toMatchObject({ error: { code: 'bad_message' } });
      expect(res.headers.get('content-security-policy')).toBeTruthy();
    }
    expect(logs.lines.filter((l) => l.msg === 'malformed URL encoding, answered 400')).toHaveLength(5);
    expect(logs.lines.some((l) => 'err' in l || /\n\s+at /.test(JSON.stringify(l)))).toBe(false);
  });
});
