import { extensionOrigin, isFirefoxExtensionOrigin, type ExtensionIdentity } from '@rs/protocol';

/**
 * Who may call from which browser origin. Exact origins (the extensions' Chromium origins from their
 * configured ids, the server's public and bound origins, ALLOWED_ORIGINS) may act in any role. A Firefox
 * extension page's origin carries a random per-install UUID that no setting can name, so it is trusted only
 * for what any customer may do with their own session token: never as a representative or admin, and
 * never on a Chromium check (the exact set stays exact). A missing Origin and the opaque `null` are refused.
 */
export interface OriginPolicy {
  /** Origins trusted in every role. */
  readonly exact: ReadonlySet<string>;
  /** Whether the origin may be used at all (then check `trustedAs` once the caller's role is known). */
  allows(origin: string | undefined): origin is string;
  /** Whether a caller with this role may use this origin. */
  trustedAs(origin: string | undefined, role: 'customer' | 'rep'): boolean;
}

/** A configured extra origin; moz-extension origins (a pinned Firefox install) are kept as written, since URL gives them `null`. */
function normalized(origin: string): string {
  const trimmed = origin.trim().replace(/\/+$/, '');
  return trimmed.startsWith('moz-extension://') ? trimmed.toLowerCase() : new URL(trimmed).origin;
}

export function allowedOrigins(publicUrl: string, extraOrigins: readonly string[], boundUrl: string, identity: ExtensionIdentity): Set<string> {
  return new Set([
    ...identity.customerIds.map(extensionOrigin),
    ...identity.consoleIds.map(extensionOrigin),
    new URL(publicUrl).origin,
    new URL(boundUrl).origin,
    ...extraOrigins.map(normalized),
  ]);
}

export function isAllowedOrigin(allowed: ReadonlySet<string>, origin: string | undefined): origin is string {
  return typeof origin === 'string' && origin !== 'null' && allowed.has(origin);
}

export function originPolicy(exact: ReadonlySet<string>): OriginPolicy {
  const customerOnly = (origin: string) => !exact.has(origin) && isFirefoxExtensionOrigin(origin);
  return {
    exact,
    allows: (origin): origin is string => isAllowedOrigin(exact, origin) || (origin !== undefined && customerOnly(origin)),
    trustedAs: (origin, role) => isAllowedOrigin(exact, origin) || (role === 'customer' && origin !== undefined && customerOnly(origin)),
  };
}
