import type { Server } from 'node:http';
import type { Config } from '../config.ts';
import { budgetKey } from '../throttle/client-address.ts';
import { SocketQuota } from './socket-guard.ts';

/**
 * TCP connections per address, from the moment they connect. Node drops one
 * that never completes its headers only after 60 to 90 s, so without a cap one
 * address could hold every file descriptor of the process by opening
 * connections faster than that. A trusted proxy (TRUST_PROXY) carries every
 * client's connections, so its own are not counted; bound them at the proxy.
 */
export function limitConnectionsPerAddress(server: Server, config: Pick<Config, 'limits' | 'throttle'>): void {
  const quota = new SocketQuota();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? '';
    if (config.throttle.trustProxy?.(address, 0)) return;
    if (!quota.take(budgetKey(address), config.limits.connectionsPerAddress, socket)) socket.destroy();
  });
}
