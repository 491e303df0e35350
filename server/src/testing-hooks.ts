import { afterEach, beforeEach } from 'vitest';
import { startTestServer, TestClient } from './testing.ts';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/**
 * A fresh test server for each test of the file (vitest hooks), and the live
 * sockets the test opens, closed after it. Read `srv` inside tests.
 */
export function useTestServer(env: Record<string, string> = {}) {
  let srv: TestServer | undefined;
  const clients: TestClient[] = [];
  beforeEach(async () => {
    srv = await startTestServer(env);
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await srv?.close();
  });
  return {
    get srv(): TestServer {
      return srv!;
    },
    /** Clients opened elsewhere, to be closed after the test. */
    track(...opened: TestClient[]): void {
      clients.push(...opened);
    },
    /** A live socket with this token and Origin, closed after the test. */
    async open(token: string, origin: string): Promise<TestClient> {
      const client = await TestClient.open(srv!.url, token, origin);
      clients.push(client);
      return client;
    },
  };
}
