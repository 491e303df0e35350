import { CHAT_HISTORY_MAX } from '@rs/protocol';
import { integer } from '../env.ts';

/** Resource bounds against hostile or broken clients, from environment variables documented in the README. */
export interface LimitsConfig {
  /** Chat lines per minute of one party: a customer session, or a representative. */
  chatPerMinute: number;
  /** The stricter budget of a customer whose session is queued or held (nobody reads it yet). */
  chatQueuedPerMinute: number;
  /** Most transcript lines a session keeps; customer and representative lines past it are refused. */
  transcriptMaxLines: number;
  /** How many recent lines a `session` snapshot carries (the rest via `chat.history`). */
  helloTranscriptLines: number;
  /** `chat.history` pages per minute of one party (each is one bounded store read). */
  chatHistoryPerMinute: number;
  /** Other live-socket requests per minute of one party (permissions, sharing, files, elevation, transfers ...). */
  liveRequestsPerMinute: number;
  liveSocketsPerSession: number;
  liveSocketsPerRep: number;
  /** TCP connections one address may hold open (not counted for a trusted proxy's address). */
  connectionsPerAddress: number;
  /** Customer live and PeerJS sockets one address may hold open over all its sessions. */
  customerSocketsPerAddress: number;
  /** Open PeerJS sockets per peer id (one id per session and party: the customer, each representative). */
  peerSocketsPerSide: number;
  /** Bytes of PeerJS frames one peer id may address to peers with no socket, per 10 s (the peer server queues those). */
  peerAbsentBytes: number;
  /** Bytes of PeerJS frames one peer id may send per minute, to any peer. */
  peerSignalBytesPerMinute: number;
  /** Unsent bytes a socket may hold before it is closed as not reading. */
  socketMaxBufferedBytes: number;
  /** Bytes uploaded to the file relay over one session's life. */
  relayMaxBytesPerSession: number;
  /** Bytes the relay holds on disk at once, over all sessions. */
  relayMaxBytesTotal: number;
}

export function loadLimitsConfig(env: NodeJS.ProcessEnv): LimitsConfig {
  // A snapshot page is bounded like a chat.history page.
  const helloTranscriptLines = integer(env, 'HELLO_TRANSCRIPT_LINES', 200, 1, CHAT_HISTORY_MAX);
  return {
    chatPerMinute: integer(env, 'CHAT_PER_MINUTE', 60, 1),
    chatQueuedPerMinute: integer(env, 'CHAT_QUEUED_PER_MINUTE', 10, 1),
    transcriptMaxLines: integer(env, 'TRANSCRIPT_MAX_LINES', 5_000, 1),
    helloTranscriptLines,
    chatHistoryPerMinute: integer(env, 'CHAT_HISTORY_PER_MINUTE', 60, 1),
    liveRequestsPerMinute: integer(env, 'LIVE_REQUESTS_PER_MINUTE', 120, 1),
    liveSocketsPerSession: integer(env, 'LIVE_SOCKETS_PER_SESSION', 4, 1),
    liveSocketsPerRep: integer(env, 'LIVE_SOCKETS_PER_REP', 8, 1),
    customerSocketsPerAddress: integer(env, 'CUSTOMER_SOCKETS_PER_ADDRESS', 256, 1),
    connectionsPerAddress: integer(env, 'CONNECTIONS_PER_ADDRESS', 512, 1),
    peerSocketsPerSide: integer(env, 'PEER_SOCKETS_PER_SIDE', 2, 1),
    peerAbsentBytes: integer(env, 'PEER_ABSENT_BYTES', 64 * 1024, 16 * 1024),
    peerSignalBytesPerMinute: integer(env, 'PEER_SIGNAL_BYTES_PER_MINUTE', 1024 * 1024, 256 * 1024),
    socketMaxBufferedBytes: integer(env, 'SOCKET_MAX_BUFFERED_BYTES', 4 * 1024 * 1024, 64 * 1024),
    relayMaxBytesPerSession: integer(env, 'RELAY_MAX_BYTES_PER_SESSION', 1024 * 1024 * 1024, 1),
    relayMaxBytesTotal: integer(env, 'RELAY_MAX_BYTES_TOTAL', 4 * 1024 * 1024 * 1024, 1),
  };
}
