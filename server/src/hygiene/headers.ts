import helmet from 'helmet';
import type { RequestHandler } from 'express';
import type { SecurityConfig } from './config.ts';

/**
 * The response headers of every page and answer (helmet): a CSP that allows
 * no inline script and only what the web chat uses (its own origin's REST,
 * live and PeerJS sockets, blob: media for screen sharing and recordings,
 * data: images), framing by nobody unless FRAME_ANCESTORS names someone,
 * nosniff and no referrer. `origins` are the server's own http(s) origins (the
 * bound one and PUBLIC_URL's): CSP's 'self' does not cover ws:/wss: in every
 * browser, so their socket origins are listed.
 */
export function securityHeaders(config: SecurityConfig, origins: string[]): RequestHandler {
  const sockets = [...new Set(origins.map((o) => o.replace(/^http/, 'ws')))];
  const https = origins.some((o) => o.startsWith('https:'));
  const ancestors = config.frameAncestors;
  const none = ancestors.length === 1 && ancestors[0] === "'none'";
  const selfOnly = ancestors.length === 1 && ancestors[0] === "'self'";
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...sockets],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ancestors,
        // On plain http (a LAN or a test) upgrading would break every request.
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // X-Frame-Options can say only "nobody" or "same origin"; a list of sites is left to frame-ancestors.
    xFrameOptions: none ? { action: 'deny' } : selfOnly ? { action: 'sameorigin' } : false,
    referrerPolicy: { policy: 'no-referrer' },
    // Only over https, where it means something; a plain-http install must not pin https for its host.
    strictTransportSecurity: https ? { maxAge: 15_552_000 } : false,
    // The extensions (other origins) load avatars and call the API; CORS already decides who reads what.
    crossOriginResourcePolicy: false,
  });
}
