export { PeerLink, peerCredentials, peerOptions, type DataSerialization } from './link.ts';
export { PeerChannel, type DataConnectionLike } from './channel.ts';
export { applySenderQuality, displayMediaOptions, prepareTrack, surfaceOf, SCREEN_MAX_BITRATE } from './quality.ts';
export { ControlReceiver, ControlSender, MOVE_LANE } from './control-lanes.ts';
