import { readFileSync } from 'node:fs';

/** Descriptors kept aside for the database, logs, listening sockets and REST requests in flight. */
const RESERVED = 256;
/** The `peer` package's own default, used where the descriptor limit cannot be read. */
const FALLBACK_PEERS = 5000;

/** This process's soft limit on open files (Linux /proc), or null where it cannot be read. */
export function openFilesLimit(limits = () => readFileSync('/proc/self/limits', 'utf8')): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(limits());
    if (!m?.[1]) return null;
    return m[1] === 'unlimited' ? null : Number(m[1]);
  } catch {
    return null;
  }
}

/**
 * The most PeerJS peers one process accepts by default: what its descriptors allow, each peer's party
 * holding two (the PeerJS socket and the live socket), after a reserve for everything else.
 */
export function defaultMaxPeers(nofile: number | null = openFilesLimit()): number {
  if (nofile === null) return FALLBACK_PEERS;
  return Math.max(100, Math.floor((nofile - RESERVED) / 2));
}
