import { preferScreenCodecs } from './screen-codec.ts';

/**
 * Screen-share quality: capture up to 1080p at 30 fps, tell the encoder what
 * the content is, and give way accordingly. A tab or a window is documents
 * ('text'), a whole screen a desktop of windows and text ('detail'): both keep
 * their resolution and lose frame rate when the CPU or the network is short,
 * so what the representative reads stays readable. 'motion' (kept frame rate,
 * lower resolution) is the representative's choice, for watching something
 * move: as a default for whole screens it sent 320x200 on a busy machine.
 * The bitrate cap starts above the browser's default and then follows the
 * connection (screen-adapt.ts).
 */
export const SCREEN_MAX_BITRATE = 8_000_000;

export const displayMediaOptions = {
  video: { width: { max: 1920 }, height: { max: 1080 }, frameRate: { ideal: 30, max: 60 } },
  audio: false,
  selfBrowserSurface: 'exclude',
  surfaceSwitching: 'include',
  monitorTypeSurfaces: 'include',
} as DisplayMediaStreamOptions;

export type ContentHint = 'detail' | 'text' | 'motion';
/** What the representative can ask for (`screen.hint`). */
export type ChosenHint = 'detail' | 'motion';

/** The content hint for a captured surface, unless the representative chose motion. */
export function contentHintFor(surface: 'monitor' | 'window' | 'browser', chosen: ChosenHint = 'detail'): ContentHint {
  if (chosen === 'motion') return 'motion';
  return surface === 'monitor' ? 'detail' : 'text';
}

/** The sender's degradation preference that matches a content hint. */
export function degradationFor(hint: string): RTCDegradationPreference {
  if (hint === 'detail' || hint === 'text') return 'maintain-resolution';
  if (hint === 'motion') return 'maintain-framerate';
  return 'balanced';
}

/** Sets the track's content hint from the surface it captures (or the representative's choice); returns the hint. */
export function prepareTrack(track: MediaStreamTrack, chosen: ChosenHint = 'detail'): ContentHint {
  const hint = contentHintFor(surfaceOf(track), chosen);
  if ('contentHint' in track) track.contentHint = hint;
  return hint;
}

/** Applies the starting bitrate cap, full resolution and the degradation preference of its track's hint to every video sender of a connection. */
export async function applySenderQuality(pc: RTCPeerConnection): Promise<void> {
  for (const sender of pc.getSenders()) {
    if (sender.track?.kind !== 'video') continue;
    const params = sender.getParameters() as RTCRtpSendParameters & { degradationPreference?: RTCDegradationPreference };
    if (!params.encodings?.length) continue;
    for (const e of params.encodings) {
      e.maxBitrate = SCREEN_MAX_BITRATE;
      e.maxFramerate = 30;
      e.scaleResolutionDownBy = 1; // full resolution again after motion scaled it down: the adapter starts over
    }
    params.degradationPreference = degradationFor(sender.track.contentHint);
    try {
      await sender.setParameters(params);
    } catch {
      delete params.degradationPreference; // not every browser takes it in setParameters
      await sender.setParameters(params).catch((e: unknown) => console.warn('peer: could not set sender quality', e));
    }
  }
}

/**
 * The representative's receiving side of a live view, set when the track
 * arrives (before the answer is made): the screen codec order, and a zero
 * jitter-buffer target so frames are shown as soon as they are decoded rather
 * than held to smooth out network jitter that loopback and LANs do not have
 * (Chromium still grows the buffer by itself when frames arrive late).
 * Returns whether the codec order could be set.
 */
export function applyLiveReceive(transceiver: RTCRtpTransceiver): boolean {
  const receiver = transceiver.receiver as unknown as { jitterBufferTarget?: number | null; playoutDelayHint?: number };
  if ('jitterBufferTarget' in receiver) receiver.jitterBufferTarget = 0;
  else if ('playoutDelayHint' in receiver) receiver.playoutDelayHint = 0; // Chromium before 114
  return preferScreenCodecs(transceiver);
}

/** The surface a capture track reports; Chromium sets `displaySurface` on display-capture tracks. */
export function surfaceOf(track: MediaStreamTrack): 'monitor' | 'window' | 'browser' {
  const surface = (track.getSettings() as MediaTrackSettings & { displaySurface?: string }).displaySurface;
  return surface === 'window' || surface === 'browser' ? surface : 'monitor';
}
