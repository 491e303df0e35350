import { describe, expect, it } from 'vitest';
import { formatFigures, streamFigures } from './stream-figures.ts';

const report = (at: number, frames: number, bytes: number, extra: Record<string, unknown> = {}) => [
  { type: 'inbound-rtp', kind: 'video', timestamp: at, framesDecoded: frames, bytesReceived: bytes, frameWidth: 1920, frameHeight: 1080, codecId: 'C1', ...extra },
  { type: 'codec', id: 'C1', mimeType: 'video/VP9' },
  { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.012 },
  { type: 'candidate-pair', nominated: false, state: 'failed', currentRoundTripTime: 9 },
];

describe('streamFigures: what the representative sees of the stream', () => {
  it('frame rate and bitrate over the interval, resolution, round trip and codec', () => {
    expect(streamFigures(report(1000, 100, 1_000_000), report(2000, 130, 1_500_000))).toEqual({
      width: 1920,
      height: 1080,
      fps: 30,
      kbps: 4000,
      rttMs: 12,
      codec: 'VP9',
    });
  });

  it('prefers the browser framesPerSecond; without a previous report the rates are unknown', () => {
    expect(streamFigures(null, report(1000, 100, 1, { framesPerSecond: 24 }))).toMatchObject({ fps: 24, kbps: null });
    expect(streamFigures(null, report(1000, 100, 1))).toMatchObject({ fps: null, kbps: null });
  });

  it('no video arriving: no figures', () => {
    expect(streamFigures(null, [{ type: 'codec', id: 'C1' }])).toBeNull();
  });

  it('reads as one line, with a dash for what is not known yet', () => {
    expect(formatFigures({ width: 1920, height: 1080, fps: 30, kbps: 4000, rttMs: 12, codec: 'VP9' })).toEqual([
      ['Frame rate', '30 fps'],
      ['Resolution', '1920 × 1080'],
      ['Bitrate', '4.0 Mbit/s'],
      ['Round trip', '12 ms'],
      ['Codec', 'VP9'],
    ]);
    expect(formatFigures({ width: 0, height: 0, fps: null, kbps: 800, rttMs: null, codec: null })).toEqual([
      ['Frame rate', '–'],
      ['Resolution', '–'],
      ['Bitrate', '800 kbit/s'],
      ['Round trip', '–'],
      ['Codec', '–'],
    ]);
  });
});
