import { describe, expect, it } from 'vitest';
import { preferScreenCodecs, screenCodecOrder } from './screen-codec.ts';

const c = (mimeType: string, sdpFmtpLine?: string) => ({ mimeType, clockRate: 90000, ...(sdpFmtpLine ? { sdpFmtpLine } : {}) });
/** What Chromium 156 reports for RTCRtpReceiver.getCapabilities('video'), in its order. */
const CHROMIUM = [c('video/VP8'), c('video/rtx', 'apt=96'), c('video/H264', 'packetization-mode=1'), c('video/VP9', 'profile-id=0'), c('video/VP9', 'profile-id=2'), c('video/AV1'), c('video/red'), c('video/ulpfec')];
const mimes = (list: { mimeType: string; sdpFmtpLine?: string }[]) => list.map((x) => x.mimeType + (x.sdpFmtpLine ? ` ${x.sdpFmtpLine}` : ''));

describe('screenCodecOrder', () => {
  it('puts AV1 then VP9 (screen-content tools) first when the browser has them, then H.264 and VP8', () => {
    expect(mimes(screenCodecOrder(CHROMIUM))).toEqual([
      'video/AV1',
      'video/VP9 profile-id=0',
      'video/VP9 profile-id=2',
      'video/H264 packetization-mode=1',
      'video/VP8',
      'video/rtx apt=96',
      'video/red',
      'video/ulpfec',
    ]);
  });

  it('without AV1 or VP9 it prefers H.264, then VP8, and keeps retransmission and FEC entries', () => {
    expect(mimes(screenCodecOrder([c('video/VP8'), c('video/rtx'), c('video/H264')]))).toEqual(['video/H264', 'video/VP8', 'video/rtx']);
    expect(mimes(screenCodecOrder([c('video/VP8'), c('video/ulpfec')]))).toEqual(['video/VP8', 'video/ulpfec']);
  });

  it('keeps a codec it does not know (after the known ones) and compares names without case', () => {
    expect(mimes(screenCodecOrder([c('video/h265'), c('video/vp8'), c('video/av1')]))).toEqual(['video/av1', 'video/vp8', 'video/h265']);
  });

  it('returns nothing from nothing', () => {
    expect(screenCodecOrder([])).toEqual([]);
  });
});

describe('preferScreenCodecs', () => {
  it('sets the screen order on a transceiver that takes preferences', () => {
    let set: { mimeType: string }[] | null = null;
    const ok = preferScreenCodecs({ setCodecPreferences: (codecs: { mimeType: string }[]) => void (set = codecs) }, CHROMIUM);
    expect(ok).toBe(true);
    expect(mimes(set!).slice(0, 2)).toEqual(['video/AV1', 'video/VP9 profile-id=0']);
  });

  it('leaves the browser default where it cannot (no API, no capabilities, or a refusal)', () => {
    expect(preferScreenCodecs({}, CHROMIUM)).toBe(false);
    expect(preferScreenCodecs({ setCodecPreferences: () => {} }, null)).toBe(false);
    expect(
      preferScreenCodecs({
        setCodecPreferences: () => {
          throw new Error('InvalidModificationError');
        },
      }, CHROMIUM),
    ).toBe(false);
  });
});
