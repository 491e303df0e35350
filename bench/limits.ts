/**
 * What the resource limits cost a chat line: the live socket's chat latency
 * (a customer's `chat.send` until the representative's socket has the `chat`
 * notice) with the limits on at their production defaults, against the same
 * server with them off, alternating runs so both see the same machine load.
 *
 * "Off" replaces the chat admission (rate counters and the transcript-length
 * read) with nothing, in this process only; the per-send buffered-bytes check
 * and the socket counts stay, being a comparison and a map lookup.
 */
import { ChatLimits } from '../server/src/limits/chat-limits.ts';
import { startTestServer } from '../server/src/testing.ts';
import { chatRelay, N, pct, row } from './chat-relay.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const admit = ChatLimits.prototype.admit;
// A customer sends N lines in well under a minute: the production budget would refuse most of them, which is
// the limit working, not its cost. The budget is raised so every line is admitted (and counted) in both runs.
const env = { DATABASE_FILE: ':memory:', CHAT_PER_MINUTE: String(10 * (N + 100)), TRANSCRIPT_MAX_LINES: String(10 * (N + 100)) };

const on: number[] = [];
const off: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  ChatLimits.prototype.admit = async () => {};
  off.push(...(await chatRelay(await startTestServer(env))));
  ChatLimits.prototype.admit = admit;
  on.push(...(await chatRelay(await startTestServer(env))));
}
console.log(row('limits off', off));
console.log(row('limits on', on));
console.log(`ratio on/off: p50 ${(pct(on, 50) / pct(off, 50)).toFixed(2)}x   p99 ${(pct(on, 99) / pct(off, 99)).toFixed(2)}x`);
// peer's internal expiry timers are not reachable from outside and keep the loop alive.
process.exit(0);
