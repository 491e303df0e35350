import { CONSOLE_EXTENSION, CUSTOMER_EXTENSION, extensionOrigin } from '@rs/protocol';

/**
 * The origins allowed to open a socket or make a credentialed API call: the
 * two extensions, the server's public origin, and any configured extras. A
 * missing Origin and the opaque `null` origin are never allowed.
 */
export function allowedOrigins(publicUrl: string, extraOrigins: readonly string[], boundUrl: string): Set<string> {
  return new Set([
    extensionOrigin(CUSTOMER_EXTENSION.id),
    extensionOrigin(CONSOLE_EXTENSION.id),
    new URL(publicUrl).origin,
    new URL(boundUrl).origin,
    ...extraOrigins.map((o) => new URL(o).origin),
  ]);
}

export function isAllowedOrigin(allowed: ReadonlySet<string>, origin: string | undefined): origin is string {
  return typeof origin === 'string' && origin !== 'null' && allowed.has(origin);
}
