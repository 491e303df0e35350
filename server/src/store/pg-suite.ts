import { afterAll, afterEach, beforeAll } from 'vitest';
import { startPgCluster, type PgCluster } from './pg-testing.ts';

/**
 * For a vitest file: one throwaway PostgreSQL cluster for the whole file, and
 * whatever a test hands to `later` (stores, servers, sockets) closed after it,
 * newest first.
 */
export function pgSuite(): { cluster: () => PgCluster; later: (close: () => unknown) => void } {
  let cluster: PgCluster | undefined;
  const cleanup: (() => unknown)[] = [];
  beforeAll(async () => {
    cluster = await startPgCluster();
  }, 60_000);
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  return {
    cluster: () => {
      if (!cluster) throw new Error('the PostgreSQL cluster is not started yet');
      return cluster;
    },
    later: (close) => void cleanup.push(close),
  };
}
