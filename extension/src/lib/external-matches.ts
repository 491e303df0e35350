/**
 * The `externally_connectable.matches` patterns that let the support server's
 * public page hand a session key to the customer extension. A match pattern
 * without a port matches every port; a loopback server is reachable as both
 * localhost and 127.0.0.1, so both are listed.
 */
export function externalMatches(serverUrl: string): string[] {
  const url = new URL(serverUrl);
  const loopback = ['localhost', '127.0.0.1'];
  const hosts = loopback.includes(url.hostname) ? loopback : [url.hostname];
  return hosts.map((host) => `${url.protocol}//${host}/*`);
}
