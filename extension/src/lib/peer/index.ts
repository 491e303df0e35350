export { PeerLink, peerCredentials, peerOptions, type DataSerialization } from './link.ts';
export { PeerChannel, type DataConnectionLike } from './channel.ts';
export { applyLiveReceive, applySenderQuality, contentHintFor, degradationFor, displayMediaOptions, prepareTrack, surfaceOf, SCREEN_MAX_BITRATE, type ChosenHint, type ContentHint } from './quality.ts';
export { preferScreenCodecs, screenCodecOrder, SCREEN_CODEC_ORDER } from './screen-codec.ts';
export { adaptSender, SenderAdapter } from './screen-adapt.ts';
export { ControlReceiver, ControlSender, MOVE_LANE } from './control-lanes.ts';
