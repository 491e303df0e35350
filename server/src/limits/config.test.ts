import { describe, expect, it } from 'vitest';
import { loadLimitsConfig } from './config.ts';

describe('limit settings', () => {
  it('has production defaults', () => {
    expect(loadLimitsConfig({})).toEqual({
      chatPerMinute: 60,
      chatQueuedPerMinute: 10,
      transcriptMaxLines: 5000,
      helloTranscriptLines: 200,
      chatHistoryPerMinute: 60,
      liveRequestsPerMinute: 120,
      liveSocketsPerSession: 4,
      liveSocketsPerRep: 8,
      customerSocketsPerAddress: 256,
      connectionsPerAddress: 512,
      peerSocketsPerSide: 2,
      peerAbsentBytes: 64 * 1024,
      peerSignalBytesPerMinute: 1024 * 1024,
      socketMaxBufferedBytes: 4 * 1024 * 1024,
      relayMaxBytesPerSession: 1024 ** 3,
      relayMaxBytesTotal: 4 * 1024 ** 3,
    });
  });

  it('refuses values that would switch a limit off or pass a protocol bound', () => {
    expect(() => loadLimitsConfig({ CHAT_PER_MINUTE: '0' })).toThrow(/CHAT_PER_MINUTE/);
    expect(() => loadLimitsConfig({ TRANSCRIPT_MAX_LINES: 'lots' })).toThrow(/TRANSCRIPT_MAX_LINES/);
    expect(() => loadLimitsConfig({ HELLO_TRANSCRIPT_LINES: '201' })).toThrow(/HELLO_TRANSCRIPT_LINES="201" is not accepted: expected an integer from 1 to 200/);
    expect(() => loadLimitsConfig({ SOCKET_MAX_BUFFERED_BYTES: '1000' })).toThrow(/SOCKET_MAX_BUFFERED_BYTES/);
    expect(() => loadLimitsConfig({ PEER_ABSENT_BYTES: '1000' })).toThrow(/PEER_ABSENT_BYTES/);
  });
});
