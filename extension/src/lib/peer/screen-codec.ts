/**
 * The codec of a screen share, chosen by what both browsers have: AV1, then
 * VP9 (both with screen-content coding tools: palette and intra block copy in
 * AV1, a screen-content mode in VP9, so text stays sharp at a fraction of
 * VP8's bitrate), then H.264, then VP8 (every WebRTC browser has it).
 *
 * The representative's console applies the order to its receiving transceiver
 * before it answers: the answer lists codecs in that order, limited to those
 * the customer's offer carried, and the customer's browser sends with the
 * first one of the answer. So the choice needs both ends to have a codec.
 */
export const SCREEN_CODEC_ORDER = ['video/AV1', 'video/VP9', 'video/H264', 'video/VP8'] as const;

/** Not codecs of their own: retransmission and error correction entries, kept after the codecs they protect. */
const RESILIENCE = new Set(['video/rtx', 'video/red', 'video/ulpfec', 'video/flexfec-03']);

export interface CodecLike {
  mimeType: string;
  sdpFmtpLine?: string;
}

/** The codecs in screen order (stable within one codec's profiles); codecs it does not know follow, then the resilience entries. */
export function screenCodecOrder<T extends CodecLike>(codecs: readonly T[], order: readonly string[] = SCREEN_CODEC_ORDER): T[] {
  const rank = (codec: T) => {
    const mime = codec.mimeType.toLowerCase();
    if (RESILIENCE.has(mime)) return order.length + 1;
    const i = order.findIndex((m) => m.toLowerCase() === mime);
    return i < 0 ? order.length : i;
  };
  return codecs
    .map((codec, index) => ({ codec, index, rank: rank(codec) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((x) => x.codec);
}

/**
 * Applies the screen order to a transceiver (before the answer is made);
 * false where the browser has no `setCodecPreferences` or refuses the list, which
 * leaves its default (VP8 in Chromium) in place.
 */
export function preferScreenCodecs(
  transceiver: { setCodecPreferences?: (codecs: never[]) => void },
  capabilities: readonly CodecLike[] | null | undefined = globalThis.RTCRtpReceiver?.getCapabilities?.('video')?.codecs,
): boolean {
  if (!transceiver.setCodecPreferences || !capabilities?.length) return false;
  try {
    transceiver.setCodecPreferences(screenCodecOrder(capabilities) as never[]);
    return true;
  } catch {
    return false;
  }
}
