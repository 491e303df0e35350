import { beforeAll, describe, expect, it, vi } from 'vitest';

/** happy-dom has no WebRTC: a stand-in for the static capabilities the codec order reads. */
const RTCRtpReceiverStub = { getCapabilities: (_kind: string): RTCRtpCapabilities | null => null };
beforeAll(() => void ((globalThis as unknown as { RTCRtpReceiver: unknown }).RTCRtpReceiver = RTCRtpReceiverStub));
import { applyLiveReceive, applySenderQuality, contentHintFor, degradationFor, prepareTrack, SCREEN_MAX_BITRATE } from './quality.ts';

describe('content hint and degradation per surface', () => {
  it('a tab or a window (documents) is text, a whole screen is detail: resolution kept, frame rate gives way', () => {
    expect(contentHintFor('browser')).toBe('text');
    expect(contentHintFor('window')).toBe('text');
    expect(contentHintFor('monitor')).toBe('detail');
    expect(degradationFor('detail')).toBe('maintain-resolution');
    expect(degradationFor('text')).toBe('maintain-resolution');
  });

  it("the representative's choice of motion wins for any surface: frame rate kept, resolution gives way", () => {
    expect(contentHintFor('monitor', 'motion')).toBe('motion');
    expect(contentHintFor('browser', 'motion')).toBe('motion');
    expect(contentHintFor('browser', 'detail')).toBe('text');
    expect(degradationFor('motion')).toBe('maintain-framerate');
    expect(degradationFor('')).toBe('balanced');
  });

  it('prepareTrack sets the hint of the surface the track reports, or the chosen one', () => {
    const track = { contentHint: '', getSettings: () => ({ displaySurface: 'browser' }) } as unknown as MediaStreamTrack;
    expect(prepareTrack(track)).toBe('text');
    expect(track.contentHint).toBe('text');
    const screen = { contentHint: '', getSettings: () => ({ displaySurface: 'monitor' }) } as unknown as MediaStreamTrack;
    prepareTrack(screen, 'motion');
    expect(screen.contentHint).toBe('motion');
  });
});

describe('applyLiveReceive', () => {
  it('sets a zero jitter-buffer target and the screen codec order on the receiving transceiver', () => {
    let codecs: { mimeType: string }[] = [];
    const receiver = { jitterBufferTarget: null as number | null };
    const transceiver = { receiver, setCodecPreferences: (c: { mimeType: string }[]) => void (codecs = c) } as unknown as RTCRtpTransceiver;
    const caps = vi.spyOn(RTCRtpReceiverStub, 'getCapabilities').mockReturnValue({ codecs: [{ mimeType: 'video/VP8', clockRate: 90000 }, { mimeType: 'video/AV1', clockRate: 90000 }], headerExtensions: [] });
    expect(applyLiveReceive(transceiver)).toBe(true);
    expect(receiver.jitterBufferTarget).toBe(0);
    expect(codecs.map((c) => c.mimeType)).toEqual(['video/AV1', 'video/VP8']);
    caps.mockRestore();
  });

  it('an older Chromium gets playoutDelayHint instead', () => {
    const receiver = { playoutDelayHint: undefined as number | undefined };
    applyLiveReceive({ receiver } as unknown as RTCRtpTransceiver);
    expect(receiver.playoutDelayHint).toBe(0);
  });
});

describe('applySenderQuality', () => {
  const senderWith = (contentHint: string, reject = false) => {
    const set: RTCRtpSendParameters[] = [];
    const sender = {
      track: { kind: 'video', contentHint },
      getParameters: () => ({ encodings: [{ scaleResolutionDownBy: 2, maxBitrate: 500_000 }] }),
      setParameters: async (p: RTCRtpSendParameters & { degradationPreference?: string }) => {
        if (reject && p.degradationPreference) throw new Error('InvalidModificationError');
        set.push(p);
      },
    };
    return { pc: { getSenders: () => [sender, { track: { kind: 'audio' } }] } as unknown as RTCPeerConnection, set };
  };

  it("sets the degradation of the track's hint, the starting cap and full resolution (after motion scaled it down)", async () => {
    const { pc, set } = senderWith('motion');
    await applySenderQuality(pc);
    expect(set).toEqual([{ encodings: [{ scaleResolutionDownBy: 1, maxBitrate: SCREEN_MAX_BITRATE, maxFramerate: 30 }], degradationPreference: 'maintain-framerate' }]);
  });

  it('a browser that refuses the degradation preference still gets the cap', async () => {
    const { pc, set } = senderWith('text', true);
    await applySenderQuality(pc);
    expect(set).toHaveLength(1);
    expect(set[0]!.encodings[0]).toMatchObject({ maxBitrate: SCREEN_MAX_BITRATE, scaleResolutionDownBy: 1 });
  });
});
