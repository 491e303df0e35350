/**
 * Screen-share quality: capture up to 1080p at 30 fps, tell the encoder the
 * content is detail (text), raise the bitrate cap above the browser's default,
 * and give up frame rate before resolution so text stays readable.
 */
export const SCREEN_MAX_BITRATE = 8_000_000;

export const displayMediaOptions = {
  video: { width: { max: 1920 }, height: { max: 1080 }, frameRate: { ideal: 30, max: 60 } },
  audio: false,
  selfBrowserSurface: 'exclude',
  surfaceSwitching: 'include',
  monitorTypeSurfaces: 'include',
} as DisplayMediaStreamOptions;

export function prepareTrack(track: MediaStreamTrack): void {
  if ('contentHint' in track) track.contentHint = 'detail';
}

/** Applies the bitrate cap and degradation preference to every video sender of a connection. */
export async function applySenderQuality(pc: RTCPeerConnection): Promise<void> {
  for (const sender of pc.getSenders()) {
    if (sender.track?.kind !== 'video') continue;
    const params = sender.getParameters() as RTCRtpSendParameters & { degradationPreference?: string };
    if (!params.encodings?.length) continue;
    for (const e of params.encodings) {
      e.maxBitrate = SCREEN_MAX_BITRATE;
      e.maxFramerate = 30;
    }
    params.degradationPreference = 'maintain-resolution';
    try {
      await sender.setParameters(params);
    } catch {
      delete params.degradationPreference; // not every browser takes it in setParameters
      await sender.setParameters(params).catch((e: unknown) => console.warn('peer: could not set sender quality', e));
    }
  }
}

/** The surface a capture track reports; Chromium sets `displaySurface` on display-capture tracks. */
export function surfaceOf(track: MediaStreamTrack): 'monitor' | 'window' | 'browser' {
  const surface = (track.getSettings() as MediaTrackSettings & { displaySurface?: string }).displaySurface;
  return surface === 'window' || surface === 'browser' ? surface : 'monitor';
}
