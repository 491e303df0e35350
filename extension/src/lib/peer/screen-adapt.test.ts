import { describe, expect, it } from 'vitest';
import { adaptSender, initialAdapt, MIN_BITRATE, sampleFrom, SCALE_STEPS, type AdaptState, type SenderSample } from './screen-adapt.ts';
import { SCREEN_MAX_BITRATE } from './quality.ts';

const calm: SenderSample = { limitation: 'none', loss: 0, rttMs: 20, availableBitrate: null };
const run = (state: AdaptState, sample: SenderSample, times: number, hint: 'detail' | 'motion' = 'motion') => {
  for (let i = 0; i < times; i++) state = adaptSender(state, sample, hint);
  return state;
};

describe('adaptSender: bitrate and resolution from WebRTC stats, bounded and hysteretic', () => {
  it('starts at full resolution and the full bitrate, and stays there while calm', () => {
    const start = initialAdapt();
    expect(start.settings).toEqual({ maxBitrate: SCREEN_MAX_BITRATE, scale: 1 });
    expect(run(start, calm, 50).settings).toEqual(start.settings);
  });

  it('lowers the bitrate only after sustained packet loss, never below the floor', () => {
    const lossy = { ...calm, loss: 0.1 };
    const once = adaptSender(initialAdapt(), lossy, 'detail');
    expect(once.settings.maxBitrate).toBe(SCREEN_MAX_BITRATE); // one bad second is not a trend
    const twice = adaptSender(once, lossy, 'detail');
    expect(twice.settings.maxBitrate).toBeLessThan(SCREEN_MAX_BITRATE);
    expect(run(initialAdapt(), lossy, 200, 'detail').settings.maxBitrate).toBe(MIN_BITRATE);
  });

  it('caps the bitrate near what the network says it can carry, when it says so', () => {
    const narrow = { ...calm, limitation: 'bandwidth' as const, availableBitrate: 2_000_000 };
    const s = run(initialAdapt(), narrow, 3, 'detail').settings;
    expect(s.maxBitrate).toBeLessThanOrEqual(2_000_000);
    expect(s.maxBitrate).toBeGreaterThanOrEqual(MIN_BITRATE);
  });

  it('raises the bitrate back in steps once calm again, up to the cap', () => {
    const low = run(initialAdapt(), { ...calm, loss: 0.2 }, 40);
    expect(low.settings.maxBitrate).toBe(MIN_BITRATE);
    const next = run(low, calm, 5);
    expect(next.settings.maxBitrate).toBeGreaterThan(MIN_BITRATE);
    expect(next.settings.maxBitrate).toBeLessThan(SCREEN_MAX_BITRATE);
    expect(run(low, calm, 500).settings.maxBitrate).toBe(SCREEN_MAX_BITRATE);
  });

  it('motion: scales the resolution down after sustained CPU limitation, one step at a time, never past the last step', () => {
    const cpu = { ...calm, limitation: 'cpu' as const };
    expect(run(initialAdapt(), cpu, 2).settings.scale).toBe(1);
    expect(run(initialAdapt(), cpu, 3).settings.scale).toBe(SCALE_STEPS[1]);
    expect(run(initialAdapt(), cpu, 500).settings.scale).toBe(SCALE_STEPS.at(-1));
  });

  it('detail (text): keeps full resolution under CPU limitation (the frame rate gives way instead)', () => {
    expect(run(initialAdapt(), { ...calm, limitation: 'cpu' }, 100, 'detail').settings.scale).toBe(1);
  });

  it('does not flap: alternating good and bad seconds change nothing', () => {
    let state = initialAdapt();
    for (let i = 0; i < 100; i++) state = adaptSender(state, i % 2 ? calm : { ...calm, limitation: 'cpu', loss: 0.2 }, 'motion');
    expect(state.settings).toEqual(initialAdapt().settings);
  });

  it('scales back up only after a longer calm than it took to scale down', () => {
    const down = run(initialAdapt(), { ...calm, limitation: 'cpu' }, 3);
    expect(down.settings.scale).toBeGreaterThan(1);
    expect(run(down, calm, 3).settings.scale).toBe(down.settings.scale);
    expect(run(down, calm, 10).settings.scale).toBe(1);
  });

  it('a long round trip is not calm: no step up while it lasts', () => {
    const low = run(initialAdapt(), { ...calm, loss: 0.2 }, 40);
    expect(run(low, { ...calm, rttMs: 900 }, 100).settings.maxBitrate).toBe(MIN_BITRATE);
  });
});

describe('sampleFrom: one second of the sender getStats', () => {
  const report = (lost: number, sent: number, extra: Record<string, unknown> = {}) => [
    { type: 'outbound-rtp', kind: 'video', packetsSent: sent, qualityLimitationReason: 'cpu', ...extra },
    { type: 'remote-inbound-rtp', kind: 'video', packetsLost: lost, roundTripTime: 0.042 },
    { type: 'candidate-pair', nominated: true, state: 'succeeded', availableOutgoingBitrate: 3_000_000, currentRoundTripTime: 0.05 },
  ];

  it('reads the limitation, the loss over the interval, the round trip and the available bitrate', () => {
    expect(sampleFrom(report(10, 1000), report(20, 1090))).toEqual({ limitation: 'cpu', loss: 0.1, rttMs: 42, availableBitrate: 3_000_000 });
  });

  it('without a previous report or packets, the loss is 0; an unknown limitation is "other"', () => {
    expect(sampleFrom(null, report(5, 100, { qualityLimitationReason: 'weird' }))).toMatchObject({ loss: 0, limitation: 'other' });
    expect(sampleFrom(report(5, 100), report(5, 100))?.loss).toBe(0);
  });

  it('no video sender: no sample', () => {
    expect(sampleFrom(null, [{ type: 'candidate-pair' }])).toBeNull();
  });
});
