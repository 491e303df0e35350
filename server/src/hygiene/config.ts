import { ConfigError } from '../env.ts';
/** Settings of the response headers, from environment variables documented in the README. */
export interface SecurityConfig {
  /** CSP `frame-ancestors` sources: who may show our pages in a frame. `'none'` (the default) also sends X-Frame-Options DENY. */
  frameAncestors: string[];
}

/** `'none'`, `'self'`, a scheme (`https:`), or a host source such as `https://intranet.example.com` or `https://*.example.com:8443`. */
const SOURCE = /^(?:'none'|'self'|[a-z][a-z0-9+.-]*:|(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\*\.)?[a-z0-9.-]+(?::(?:\d{1,5}|\*))?(?:\/[A-Za-z0-9._~%/-]*)?)$/i;

function frameAncestors(raw: string | undefined): string[] {
  const sources = (raw ?? '').trim().split(/ +/).filter(Boolean);
  if (sources.length === 0) return ["'none'"];
  // Each source is checked whole, so no `;`, comma or line break can add a directive or a header.
  const bad = sources.find((s) => !SOURCE.test(s));
  if (bad !== undefined) throw new ConfigError('FRAME_ANCESTORS', raw ?? '', `'none', 'self' or space-separated origins such as https://intranet.example.com (${JSON.stringify(bad)} is none of these)`);
  if (sources.includes("'none'") && sources.length > 1) throw new ConfigError('FRAME_ANCESTORS', raw ?? '', "'none' alone, or sources without 'none'");
  return sources;
}

export function loadSecurityConfig(env: NodeJS.ProcessEnv): SecurityConfig {
  return { frameAncestors: frameAncestors(env.FRAME_ANCESTORS) };
}
